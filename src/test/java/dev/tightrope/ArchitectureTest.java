package dev.tightrope;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.eclipse.microprofile.graphql.Description;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Keeps the domain packages plain Java, so their logic stays framework-free and unit-testable in milliseconds.
 * (Plain JUnit with ArchUnit's core API: the ArchUnit test engine is not picked up next to Quarkus' JUnit setup.)
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tightrope");
    }

    @Test
    void domainIsFrameworkFree() {
        noClasses()
                .that().resideInAPackage("..domain..")
                .should().dependOnClassesThat(resideInAnyPackage(
                        "jakarta..", "io.quarkus..", "io.smallrye..", "org.hibernate..", "io.vertx..",
                        "org.eclipse.microprofile..", "com.fasterxml..", "io.micrometer..")
                        // the one exception: the schema's description of a domain enum exposed in GraphQL. It is
                        // text, runs nothing, and keeps each value's meaning next to the value.
                        .and(not(equivalentTo(Description.class))))
                .because("domain logic is plain Java, unit-tested without a framework")
                .check(classes);
    }

    @Test
    void domainDoesNotReachOutward() {
        noClasses()
                .that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.tightrope..application..", "dev.tightrope..persistence..",
                        "dev.tightrope..graphql..")
                .because("outer layers depend on the domain, not the other way")
                .check(classes);
    }

    @Test
    void rulesKnowNothingOfSlack() {
        noClasses()
                .that().resideInAPackage("dev.tightrope.rules..")
                .should().dependOnClassesThat().resideInAPackage("dev.tightrope.slack..")
                .because("slack sits on top: it watches the alert feed, the rules do not call it")
                .check(classes);
    }
}
