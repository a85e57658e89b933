package dev.accounts.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The 30,000 most common passwords, from the dictionary that zxcvbn (Dropbox's strength estimator,
 * MIT licence) ships, read from the nulab-inc zxcvbn4j jar. Compared case-insensitively.
 */
@Startup
@ApplicationScoped
public class CommonPasswords {

    static final String RESOURCE = "com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";

    private Set<String> passwords;

    @PostConstruct
    void load() {
        Set<String> loaded = new HashSet<>(40_000);
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("common-password list " + RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String password = line.strip();
                if (!password.isEmpty()) {
                    loaded.add(password.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        passwords = Set.copyOf(loaded);
    }

    public boolean contains(String password) {
        return passwords.contains(password.toLowerCase(Locale.ROOT));
    }

    public int size() {
        return passwords.size();
    }
}
