package dev.accounts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package graph the README's ARCHITECTURE section draws. Features may use the infrastructure packages;
 * infrastructure never imports a feature; and no package depends on itself by a way round, however long.
 */
class ArchitectureTest {

    static final String[] FEATURES = { "dev.accounts.registration..", "dev.accounts.auth..", "dev.accounts.session..",
            "dev.accounts.mfa..", "dev.accounts.passwordreset..", "dev.accounts.user..", "dev.accounts.admin..",
            "dev.accounts.migration..", "dev.accounts.pages.." };

    static final String[] INFRASTRUCTURE = { "dev.accounts.problem..", "dev.accounts.http..", "dev.accounts.openapi..",
            "dev.accounts.mail..", "dev.accounts.audit..", "dev.accounts.security..", "dev.accounts.config..",
            "dev.accounts.db..", "dev.accounts.health.." };

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.accounts");
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("dev.accounts.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void infrastructureNeverImportsAFeature() {
        noClasses().that().resideInAnyPackage(INFRASTRUCTURE)
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .check(classes);
    }

    /** A rule over no classes proves nothing: the importer must have found the service's packages. */
    @Test
    void theRulesSeeTheCode() {
        noClasses().should().haveSimpleName("NoSuchClass").check(classes);
        if (classes.stream().noneMatch(c -> c.getPackageName().equals("dev.accounts.problem"))
                || classes.stream().noneMatch(c -> c.getPackageName().equals("dev.accounts.auth"))) {
            throw new AssertionError("the importer found no classes of dev.accounts.problem or .auth");
        }
    }
}
