package dev.accounts.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Jackson's stream limits bound to what this API can legitimately receive. Jackson's defaults accept a
 * string of 20 million characters, 1,000 levels of nesting and numbers of 1,000 digits, and it parses a
 * value whole before any bean validation sees it; a JSON body is at most {@link BodySizeLimit#MAX_BYTES},
 * so no document, string or name may be longer, and the bodies here are flat records (a list of roles at
 * most), so a few levels of nesting and a long's worth of digits are all a real client sends. Beyond them
 * the parser stops at once ({@code StreamConstraintsException}, answered 400 malformed-body). The
 * import's NDJSON lines are read with the same mapper, one line (at most 16 KiB) per document.
 */
@Singleton
public class BoundedJson implements ObjectMapperCustomizer {

    public static final int MAX_DOCUMENT_LENGTH = (int) BodySizeLimit.MAX_BYTES;
    public static final int MAX_STRING_LENGTH = (int) BodySizeLimit.MAX_BYTES;
    public static final int MAX_NAME_LENGTH = 1024;
    public static final int MAX_NESTING_DEPTH = 16;
    /** A 64-bit integer has 19 digits and a sign; a double's text form stays below 32 characters. */
    public static final int MAX_NUMBER_LENGTH = 32;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(constraints());
    }

    public static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build();
    }
}
