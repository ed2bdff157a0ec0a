package com.cifarlab.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.web.bind.annotation.RestController;

/** Keeps the features honest: ML and services never see Vaadin, views never see DL4J. */
@AnalyzeClasses(packages = "com.cifarlab", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String[] ENGINE_AND_SERVICES = {
        "com.cifarlab.dataset..", "com.cifarlab.model..", "com.cifarlab.training..",
        "com.cifarlab.evaluation..", "com.cifarlab.runs..", "com.cifarlab.config..", "com.cifarlab.sessions..",
        "com.cifarlab.storage..", "com.cifarlab.events..", "com.cifarlab.classroom..", "com.cifarlab.operations.."
    };

    /** What every page may use: shared components, the chart, the student's session in this browser. */
    private static final String[] SHARED_UI = {
        "com.cifarlab.ui.components..", "com.cifarlab.ui.chart..", "com.cifarlab.ui.session.."
    };

    @ArchTest
    static final ArchRule engineAndServicesNeverImportVaadin = noClasses()
            .that().resideInAnyPackage(ENGINE_AND_SERVICES)
            .should().dependOnClassesThat().resideInAnyPackage("com.vaadin..", "com.cifarlab.ui..");

    @ArchTest
    static final ArchRule viewsNeverTouchTheEngineDirectly = noClasses()
            .that().resideInAPackage("com.cifarlab.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..",
                    "com.cifarlab.training.dl4j..");

    @ArchTest
    static final ArchRule onlyTheEngineUsesDl4j = noClasses()
            .that().resideOutsideOfPackages("com.cifarlab.training.dl4j..", "com.cifarlab.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..");

    /** The test report's values and their arithmetic; the engine's evaluators live in training.dl4j. */
    @ArchTest
    static final ArchRule evaluationHoldsValuesOnly = noClasses()
            .that().resideInAPackage("com.cifarlab.evaluation..")
            .should().dependOnClassesThat().resideInAnyPackage("com.cifarlab.training..", "com.cifarlab.runs..",
                    "com.cifarlab.dataset..", "org.deeplearning4j..", "org.nd4j..", "org.springframework..");

    @ArchTest
    static final ArchRule labSessionsKnowNothingOfRunsOrTheWeb = noClasses()
            .that().resideInAPackage("com.cifarlab.sessions..")
            .should().dependOnClassesThat().resideInAnyPackage("com.cifarlab.runs..", "com.cifarlab.security..",
                    "com.cifarlab.ui..", "org.springframework.web..", "jakarta.servlet..");

    @ArchTest
    static final ArchRule classSettingsKnowNothingOfRunsSessionsOrTheWeb = noClasses()
            .that().resideInAPackage("com.cifarlab.classroom..")
            .should().dependOnClassesThat().resideInAnyPackage("com.cifarlab.runs..", "com.cifarlab.sessions..",
                    "com.cifarlab.security..", "org.springframework.web..", "jakarta.servlet..");

    @ArchTest
    static final ArchRule theCommandLineStaysOutOfTheWebLayer = noClasses()
            .that().resideInAnyPackage(ENGINE_AND_SERVICES)
            .should().dependOnClassesThat().resideInAPackage("com.cifarlab.cli..");

    @ArchTest
    static final ArchRule noPackageDependsOnItselfThroughOthers = slices()
            .matching("com.cifarlab.(**)")
            .should().beFreeOfCycles();

    /**
     * A step's view links to another by its path (ui.components.Routes), never by its class: the
     * steps can be moved, replaced or left out one by one, and the layout knows none of them.
     */
    @ArchTest
    static final ArchRule viewPackagesAreIndependentOfEachOther = slices()
            .matching("com.cifarlab.ui.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(resideInAnyPackage(SHARED_UI), alwaysTrue())
            .ignoreDependency(alwaysTrue(), resideInAnyPackage(SHARED_UI));

    @ArchTest
    static final ArchRule theLayoutKnowsNoView = noClasses()
            .that().resideInAPackage("com.cifarlab.ui")
            .should().dependOnClassesThat().resideInAnyPackage("com.cifarlab.ui.activation..",
                    "com.cifarlab.ui.architecture..", "com.cifarlab.ui.data..", "com.cifarlab.ui.evaluation..",
                    "com.cifarlab.ui.instructor..", "com.cifarlab.ui.login..", "com.cifarlab.ui.losses..",
                    "com.cifarlab.ui.myruns..", "com.cifarlab.ui.notfound..", "com.cifarlab.ui.optimizers..",
                    "com.cifarlab.ui.saveload..", "com.cifarlab.ui.training..");

    /** The API answers with its own types: what clients read does not change with a service's record or snapshot. */
    @ArchTest
    static final ArchRule theApiAnswersWithItsOwnTypes = methods()
            .that().areDeclaredInClassesThat().areAnnotatedWith(RestController.class)
            .should().haveRawReturnType(resideOutsideOfPackages("com.cifarlab.runs", "com.cifarlab.sessions",
                    "com.cifarlab.classroom"))
            .because("a controller's answer is a DTO of runs.api, never a domain record");
}
