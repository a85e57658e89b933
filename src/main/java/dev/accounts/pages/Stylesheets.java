package dev.accounts.pages;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.accounts.config.AccountsConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * The configured colours as CSS custom properties. The layout itself is a static file
 * ({@code META-INF/resources/pages/style.css}); only this small part depends on configuration, and it
 * is a stylesheet of its own because the Content-Security-Policy allows no inline styles.
 */
@Path(Stylesheets.PATH)
public class Stylesheets {

    static final String PATH = "/pages";

    @Inject
    AccountsConfig config;

    @Operation(hidden = true)
    @GET
    @Path("/theme.css")
    @Produces("text/css")
    public String theme() {
        // Every value is a validated or derived #rrggbb, so nothing configured can break out of the rule.
        Look look = Look.of(config.pages());
        return ":root {\n"
                + "  --accent: " + look.accent() + ";\n"
                + "  --on-accent: " + look.onAccent() + ";\n"
                + "  --link: " + look.link() + ";\n"
                + "  --focus: " + look.focus() + ";\n"
                + "}\n";
    }
}
