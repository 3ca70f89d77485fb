package io.autobiz.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.autobiz.inbox.ProviderEvent;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.KernelApi;
import io.autobiz.testing.stage.Hygiene;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, "Modules and their rules", checked on the compiled classes of all
 * modules: {@code src → delegates → reconciliation, inbox → kernel}, the kernel reached only through its face ({@code
 * @KernelApi}), which names no internal type, the plain-Java modules free of engine, web and provider SDKs, and every provider SDK inside its own
 * tools package.
 */
@Hygiene
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.autobiz");
    }

    @Test
    @DisplayName("P1-TASK-01 the kernel, the inbox and reconciliation import no workflow engine, no Spring and no"
            + " provider SDK")
    void kernelIsPlainJava() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(PLAIN_JAVA_MODULES)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.camunda..",
                        "org.springframework..",
                        "jakarta.servlet..",
                        "com.stripe..",
                        "com.slack..",
                        "com.sendgrid..",
                        "com.openai..");
        rule.check(production);
    }

    /** The plain-Java modules: the safety kernel and the modules over it that know neither engine nor Spring. */
    private static final String[] PLAIN_JAVA_MODULES = {
        "io.autobiz.kernel..", "io.autobiz.inbox..", "io.autobiz.reconciliation.core.."
    };

    /** Every library the kernel may use, by deliberate choice: adding one means adding it here, in review. */
    private static final String[] KERNEL_LIBRARIES = {
        "io.autobiz.kernel..",
        "java..",
        "javax..",
        "com.fasterxml.jackson..",
        "com.networknt.schema..",
        "org.erdtman.jcs..",
        "org.apache.commons.jexl3..",
        "io.micrometer..",
        "org.slf4j..",
        "redis.clients.jedis..",
        "com.flipkart.zjsonpatch..",
        "io.github.resilience4j.."
    };

    @Test
    @DisplayName("P1-TASK-01 the kernel depends only on itself and its listed libraries, never on an adapter")
    void kernelDependsOnlyOnListedLibraries() {
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.kernel..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(KERNEL_LIBRARIES)
                .check(production);
    }

    @Test
    @DisplayName(
            "P1-TASK-01 the inbox and reconciliation depend only on the kernel and the kernel's libraries, never on"
                    + " each other or an adapter")
    void inboxAndReconciliationStayOverTheKernel() {
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.inbox..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(concat(KERNEL_LIBRARIES, "io.autobiz.inbox.."))
                .check(production);
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.reconciliation.core..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(concat(KERNEL_LIBRARIES, "io.autobiz.reconciliation.core.."))
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-01 code outside the kernel uses only the kernel's face: types marked @KernelApi")
    void kernelIsReachedOnlyThroughItsFace() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.autobiz.kernel..")
                .should()
                .dependOnClassesThat(KERNEL_INTERNALS)
                .check(production);
    }

    /**
     * The face is closed: a public constructor, method or field of a face type takes, returns or holds no internal
     * kernel type, so a caller can neither be handed a pipeline step nor has to build one ({@code
     * KernelExecutor.builder()} assembles the steps from ports).
     */
    @Test
    @DisplayName("P1-TASK-01 the kernel's face names no internal kernel type in its public signatures")
    void theKernelsFaceNamesNoInternalType() {
        members()
                .that()
                .areDeclaredInClassesThat(PUBLIC_FACE_TYPES)
                .and()
                .arePublic()
                .should(new ArchCondition<JavaMember>("name no internal kernel type in their signature") {
                    @Override
                    public void check(JavaMember member, ConditionEvents events) {
                        signatureTypes(member)
                                .filter(KERNEL_INTERNALS)
                                .distinct()
                                .forEach(internal -> events.add(SimpleConditionEvent.violated(
                                        member, member.getFullName() + " names the internal " + internal.getName())));
                    }
                })
                .check(production);
    }

    /** The raw types of a member's parameters, result or field type, with the type arguments of generic ones. */
    private static Stream<JavaClass> signatureTypes(JavaMember member) {
        Stream<JavaType> types = Stream.empty();
        if (member instanceof JavaField field) {
            types = Stream.of(field.getType());
        } else if (member instanceof JavaCodeUnit unit) {
            types = Stream.concat(unit.getParameterTypes().stream(), Stream.of(unit.getReturnType()));
        }
        return types.flatMap(ArchitectureTest::withTypeArguments).map(JavaType::toErasure);
    }

    private static Stream<JavaType> withTypeArguments(JavaType type) {
        Stream<JavaType> arguments = type instanceof JavaParameterizedType parameterized
                ? parameterized.getActualTypeArguments().stream().flatMap(ArchitectureTest::withTypeArguments)
                : Stream.empty();
        return Stream.concat(Stream.of(type), arguments);
    }

    @Test
    @DisplayName(
            "P1-TASK-01 the top packages (the plain-Java modules, delegates and the application's packages) are free"
                    + " of cycles")
    void topPackagesAreFreeOfCycles() {
        slices().assignedFrom(TOP_PACKAGES).should().beFreeOfCycles().check(production);
    }

    /** The top packages under io.autobiz; the plain-Java reconciliation core is one apart from src's reconciliation. */
    private static final SliceAssignment TOP_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String name = type.getPackageName();
            if (!name.startsWith("io.autobiz.")) {
                return SliceIdentifier.ignore();
            }
            if (name.equals("io.autobiz.reconciliation.core") || name.startsWith("io.autobiz.reconciliation.core.")) {
                return SliceIdentifier.of("reconciliation.core");
            }
            return SliceIdentifier.of(name.substring("io.autobiz.".length()).split("\\.")[0]);
        }

        @Override
        public String getDescription() {
            return "top packages of io.autobiz (reconciliation.core apart)";
        }
    };

    /** A kernel type that no annotation puts on the face (nor the type it is nested in). */
    private static final DescribedPredicate<JavaClass> KERNEL_INTERNALS =
            new DescribedPredicate<>("are kernel types not marked @KernelApi") {
                @Override
                public boolean test(JavaClass type) {
                    JavaClass base = type.getBaseComponentType();
                    return inKernel(base) && face(base).isEmpty();
                }
            };

    /** A public type of the face (public itself and in public types all the way out). */
    private static final DescribedPredicate<JavaClass> PUBLIC_FACE_TYPES =
            new DescribedPredicate<>("are public kernel types marked @KernelApi") {
                @Override
                public boolean test(JavaClass type) {
                    if (!inKernel(type) || face(type).isEmpty()) {
                        return false;
                    }
                    for (Optional<JavaClass> current = Optional.of(type);
                            current.isPresent();
                            current = current.get().getEnclosingClass()) {
                        if (!current.get().getModifiers().contains(JavaModifier.PUBLIC)) {
                            return false;
                        }
                    }
                    return true;
                }
            };

    private static boolean inKernel(JavaClass type) {
        return type.getPackageName().equals("io.autobiz.kernel")
                || type.getPackageName().startsWith("io.autobiz.kernel.");
    }

    /** The @KernelApi of a type, or of the type it is nested in. */
    private static Optional<KernelApi> face(JavaClass type) {
        for (Optional<JavaClass> current = Optional.of(type);
                current.isPresent();
                current = current.get().getEnclosingClass()) {
            Optional<KernelApi> face = current.get().tryGetAnnotationOfType(KernelApi.class);
            if (face.isPresent()) {
                return face;
            }
        }
        return Optional.empty();
    }

    private static String[] concat(String[] packages, String more) {
        String[] all = Arrays.copyOf(packages, packages.length + 1);
        all[packages.length] = more;
        return all;
    }

    @Test
    @DisplayName("P1-TASK-01 delegates know the kernel and the engine, never the application or a provider SDK")
    void delegatesStayThin() {
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.delegates..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        // The application's modules (ModularityTest maps them); "reconciliation" without ".." is
                        // the application's module only, not a plain-Java library below it.
                        "io.autobiz.app..",
                        "io.autobiz.approvals..",
                        "io.autobiz.businessconfig..",
                        "io.autobiz.credentials..",
                        "io.autobiz.engine..",
                        "io.autobiz.evidence..",
                        "io.autobiz.masterkeys..",
                        "io.autobiz.modeler..",
                        "io.autobiz.operations..",
                        "io.autobiz.reconciliation",
                        "io.autobiz.security..",
                        "io.autobiz.tenancy..",
                        "io.autobiz.tools..",
                        "io.autobiz.webhooks..",
                        "io.autobiz.sandbox..",
                        "io.autobiz.demo..",
                        "io.autobiz.workflows..",
                        "org.springframework..",
                        "com.stripe..",
                        "com.slack..",
                        "com.sendgrid..",
                        "com.openai..")
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-01 every JavaDelegate, TaskListener and ExecutionListener lives in the delegates module")
    void engineCallbacksLiveInDelegates() {
        classes()
                .that()
                .implement(JavaDelegate.class)
                .or()
                .implement(TaskListener.class)
                .or()
                .implement(ExecutionListener.class)
                .should()
                .resideInAPackage("io.autobiz.delegates..")
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-01 each provider SDK is used only inside its own tools package")
    void providerSdksStayInTheirPackage() {
        String[][] owners = {
            {"com.stripe..", "io.autobiz.tools.stripe.."},
            {"com.sendgrid..", "io.autobiz.tools.sendgrid.."},
            {"com.slack..", "io.autobiz.tools.slack.."},
            {"com.openai..", "io.autobiz.tools.llm.."},
        };
        for (String[] owner : owners) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage(owner[1])
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(owner[0])
                    .allowEmptyShould(true)
                    .check(production);
        }
    }

    @Test
    @DisplayName("P1-TASK-19 tools and sandboxes never know each other: the same tool code runs against both")
    void toolsAndSandboxesAreIndependent() {
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.tools..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.autobiz.sandbox..")
                .check(production);
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.sandbox..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.autobiz.tools..")
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-19 the sandbox guard and the shared tool plumbing know no provider package")
    void guardIsProviderNeutral() {
        noClasses()
                .that()
                .resideInAnyPackage("io.autobiz.tools.guard..", "io.autobiz.tools")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.autobiz.tools.stripe..",
                        "io.autobiz.tools.shopify..",
                        "io.autobiz.tools.printful..",
                        "io.autobiz.tools.sendgrid..",
                        "io.autobiz.tools.slack..",
                        "io.autobiz.tools.llm..")
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-01 provider tools depend on each other in no way (only on the shared guard)")
    void providerPackagesAreFreeOfEachOther() {
        slices().matching("io.autobiz.tools.(*)..")
                .should()
                .notDependOnEachOther()
                .ignoreDependency(
                        JavaClass.Predicates.resideInAPackage("io.autobiz.tools.."),
                        JavaClass.Predicates.resideInAPackage("io.autobiz.tools.guard.."))
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-10 redaction and cost are leaves: they know no store and no other pipeline step")
    void redactionAndCostAreLeaves() {
        noClasses()
                .that()
                .resideInAnyPackage("io.autobiz.kernel.redaction..", "io.autobiz.kernel.cost..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.autobiz.kernel.idempotency..",
                        "io.autobiz.kernel.receipt..",
                        "io.autobiz.kernel.state..",
                        "io.autobiz.kernel.trace..",
                        "io.autobiz.kernel.evidence..")
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-14 only the kernel's receipt package and the evidence step write receipts")
    void receiptsAreWrittenOnlyThroughTheEvidenceStep() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.autobiz.kernel.receipt..", "io.autobiz.kernel.evidence..")
                .should()
                .callMethod(
                        io.autobiz.kernel.receipt.Receipts.class, "append", io.autobiz.kernel.receipt.NewReceipt.class)
                .orShould()
                .callMethod(
                        io.autobiz.kernel.receipt.JdbcReceipts.class,
                        "append",
                        io.autobiz.kernel.receipt.NewReceipt.class)
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-01 the kernel's steps do not depend on each other in cycles")
    void kernelPackagesAreFreeOfCycles() {
        slices().matching("io.autobiz.kernel.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    @DisplayName("P1-T31 inside the kernel only TenantJdbc opens database connections, so every query has a tenant")
    void onlyTenantJdbcReachesTheDatabase() {
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.kernel..")
                .and()
                .doNotHaveFullyQualifiedName("io.autobiz.kernel.tenant.TenantJdbc")
                .should()
                .callMethod(javax.sql.DataSource.class, "getConnection")
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-24 webhook ingress never drives the engine itself: events reach workflows only through the"
            + " inbox's processor and the workflows package")
    void webhookIngressStaysOffTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.webhooks..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.camunda..", "io.autobiz.delegates..", "io.autobiz.tools..", "io.autobiz.workflows..")
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-24 a webhook's way runs one way: ingress (webhooks) → inbox (store, processor, ordering gate)"
            + " → correlator (workflows) → engine; the workflows know no ingress and the inbox neither")
    void webhookWayRunsOneWay() {
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.workflows..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.autobiz.webhooks..")
                .check(production);
        noClasses()
                .that()
                .resideInAPackage("io.autobiz.inbox..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.autobiz.webhooks..", "io.autobiz.workflows..")
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-24 a provider's body is read once, at ingress: only the webhooks build typed events, and the"
            + " correlator reads no JSON")
    void providerBodiesAreReadOnceAtIngress() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.autobiz.webhooks..", "io.autobiz.inbox..")
                .should()
                .callConstructorWhere(new DescribedPredicate<JavaConstructorCall>("builds a typed ProviderEvent") {
                    @Override
                    public boolean test(JavaConstructorCall call) {
                        return call.getTargetOwner().isAssignableTo(ProviderEvent.class);
                    }
                })
                .check(production);
        noClasses()
                .that()
                .haveFullyQualifiedName("io.autobiz.workflows.WorkflowEventCorrelator")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.fasterxml.jackson..")
                .check(production);
    }

    @Test
    @DisplayName("P1-TASK-25 the ordering gate only decides: it depends on nothing but the JDK and the message names")
    void orderingGateOnlyDecides() {
        noClasses()
                .that()
                .haveNameMatching("io\\.autobiz\\.inbox\\.EventOrderingGate(\\$.*)?")
                .should()
                .dependOnClassesThat(
                        new DescribedPredicate<JavaClass>("are neither JDK types, the gate's own nor WorkflowMessage") {
                            @Override
                            public boolean test(JavaClass type) {
                                JavaClass base = type.getBaseComponentType();
                                return !base.getPackageName().startsWith("java.")
                                        && !base.getName().startsWith("io.autobiz.inbox.EventOrderingGate")
                                        && !base.isEquivalentTo(WorkflowMessage.class);
                            }
                        })
                .check(production);
    }

    @Test
    @DisplayName(
            "P1-TASK-26 the Resilience4j state machine stays inside kernel.resilience; its rate limiter only in the"
                    + " webhooks' RefusalLimiter")
    void resilience4jStaysInTheBreakerPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.autobiz.kernel.resilience..")
                .and()
                .doNotHaveFullyQualifiedName("io.autobiz.webhooks.RefusalLimiter")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.resilience4j..")
                .check(production);
        noClasses()
                .that()
                .haveFullyQualifiedName("io.autobiz.webhooks.RefusalLimiter")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.resilience4j.circuitbreaker..")
                .check(production);
    }
}
