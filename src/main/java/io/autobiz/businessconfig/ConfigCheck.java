package io.autobiz.businessconfig;

import io.autobiz.delegates.BpmnProcessGraphs;
import io.autobiz.kernel.config.BusinessConfigParser;
import io.autobiz.kernel.config.BusinessConfigValidator;
import io.autobiz.kernel.config.ConfigViolation;
import io.autobiz.kernel.config.ProcessGraph;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.tenancy.TenantDirectory;
import io.autobiz.tenancy.TenantProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The compile checks from the command line, for CI and for editors of configs and diagrams: every BusinessConfig given
 * is checked against the tools this build contains and the BPMN diagrams given, exactly as at start-up.
 *
 * <pre>
 * java -Dloader.main=io.autobiz.businessconfig.ConfigCheck -jar src/target/autobiz.jar \
 *      --config src/main/resources/business-config --processes processes
 * </pre>
 *
 * Exit status 0 when everything passes, 1 when any config has a violation (each printed), 2 on a usage error.
 */
public final class ConfigCheck {

    private ConfigCheck() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        List<Path> configs = new ArrayList<>();
        List<Path> processes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length || !(args[i].equals("--config") || args[i].equals("--processes"))) {
                out.println("usage: ConfigCheck --config <file.yml|dir>... --processes <file.bpmn|dir>...");
                return 2;
            }
            (args[i].equals("--config") ? configs : processes).add(Path.of(args[++i]));
        }
        try {
            List<ProcessGraph> graphs = new ArrayList<>();
            for (Path bpmn : files(processes, ".bpmn")) {
                graphs.addAll(BpmnProcessGraphs.of(Bpmn.readModelFromFile(bpmn.toFile())));
            }
            List<ToolContract> catalog = toolCatalog();
            List<Path> yamls = files(configs, ".yml");
            if (yamls.isEmpty()) {
                out.println("no BusinessConfig (.yml) found in " + configs);
                return 2;
            }
            int failed = 0;
            for (Path yaml : yamls) {
                List<ConfigViolation> violations = check(Files.readString(yaml), catalog, graphs);
                if (violations.isEmpty()) {
                    out.println("OK   " + yaml + " (" + catalog.size() + " tools, " + graphs.size() + " workflows)");
                } else {
                    failed++;
                    out.println("FAIL " + yaml);
                    violations.forEach(violation -> out.println("     " + violation));
                }
            }
            return failed == 0 ? 0 : 1;
        } catch (IOException e) {
            out.println("cannot read: " + e.getMessage());
            return 2;
        }
    }

    private static List<ConfigViolation> check(String yaml, List<ToolContract> catalog, List<ProcessGraph> graphs) {
        try {
            return new BusinessConfigValidator()
                    .validate(new BusinessConfigParser().parse(yaml).config(), catalog, graphs);
        } catch (BusinessConfigParser.ConfigSyntaxException e) {
            return e.violations();
        }
    }

    private static List<Path> files(List<Path> roots, String suffix) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(path -> path.toString().endsWith(suffix))
                            .sorted()
                            .forEach(found::add);
                }
            } else if (Files.isRegularFile(root)) {
                found.add(root);
            } else {
                throw new IOException(root + " does not exist");
            }
        }
        return found;
    }

    /** The contracts of every tool in this build, from the tools package alone: no database, no engine. */
    public static List<ToolContract> toolCatalog() {
        try (AnnotationConfigApplicationContext tools = new AnnotationConfigApplicationContext(ToolsOnly.class)) {
            return tools.getBeansOfType(Tool.class).values().stream()
                    .map(Tool::contract)
                    .toList();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ComponentScan("io.autobiz.tools")
    @ConfigurationPropertiesScan("io.autobiz.tools")
    @EnableConfigurationProperties(TenantProperties.class)
    @Import(TenantDirectory.class)
    static class ToolsOnly {}
}
