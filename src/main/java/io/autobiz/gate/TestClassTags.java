package io.autobiz.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.asm.AnnotationVisitor;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.SpringAsmInfo;

/**
 * The JUnit tags of a test class, read from its compiled bytecode, the way JUnit derives the tag a CI stage selects
 * (docs/ci.md): {@code @Tag} on the class, on an annotation of the class (the stage annotations of
 * {@code io.autobiz.testing.stage}, such as {@code @Hygiene}, are meta-annotated with {@code @Tag}), on a superclass
 * (tags and the stage annotations are {@code @Inherited}), and on the enclosing class of a {@code @Nested} one.
 *
 * <p>Bytecode, not reflection: the test classes of other modules and their dependencies (JUnit, Spring Boot Test) are
 * not on the application's class path, and loading a class would need all of them. A class whose bytecode cannot be
 * found has no known tags.
 */
public final class TestClassTags {

    private static final String TAG = "Lorg/junit/jupiter/api/Tag;";
    private static final String TAGS = "Lorg/junit/jupiter/api/Tags;";
    private static final String HYGIENE = "hygiene";

    private final ClassLoader classFiles;
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    private TestClassTags(ClassLoader classFiles) {
        this.classFiles = classFiles;
    }

    /** Class files found through this loader's resources (nothing is loaded). */
    public static TestClassTags of(ClassLoader classFiles) {
        return new TestClassTags(classFiles);
    }

    /**
     * The compiled classes of every module of the repository at {@code root}: {@code <module>/target/test-classes}
     * and {@code <module>/target/classes} (the stage annotations live in {@code test-support}'s main classes).
     */
    public static TestClassTags ofRepository(Path root) {
        List<URL> urls = new ArrayList<>();
        for (Path module : modules(root)) {
            for (String classes : List.of("target/test-classes", "target/classes")) {
                Path directory = module.resolve(classes);
                if (Files.isDirectory(directory)) {
                    try {
                        urls.add(directory.toUri().toURL());
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        // No parent but the platform's: only the repository's own class files are read, as resources.
        return new TestClassTags(new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()));
    }

    /** Whether the class is in the CI stage {@code hygiene}. */
    public boolean isHygiene(String className) {
        return tags(className).contains(HYGIENE);
    }

    /** The class's JUnit tags; empty when its bytecode is not found. */
    public Set<String> tags(String className) {
        return tags(className.replace('.', '/'), new HashSet<>());
    }

    private Set<String> tags(String internalName, Set<String> visiting) {
        Set<String> cached = known.get(internalName);
        if (cached != null) {
            return cached;
        }
        if (!visiting.add(internalName)) { // annotations may annotate each other (@Documented on @Documented)
            return Set.of();
        }
        Set<String> tags = new HashSet<>();
        ClassFile file = read(internalName);
        if (file != null) {
            tags.addAll(file.tags);
            for (String annotation : file.annotations) {
                tags.addAll(tags(annotation, visiting));
            }
            if (file.superName != null) {
                tags.addAll(tags(file.superName, visiting));
            }
        }
        int nested = internalName.lastIndexOf('$');
        if (nested > 0) { // a @Nested class inherits its enclosing class's tags
            tags.addAll(tags(internalName.substring(0, nested), visiting));
        }
        Set<String> result = Set.copyOf(tags);
        known.put(internalName, result);
        return result;
    }

    /** What one class file says: its own {@code @Tag} values, its other annotations' classes, its superclass. */
    private record ClassFile(Set<String> tags, List<String> annotations, String superName) {}

    private ClassFile read(String internalName) {
        if (internalName.startsWith("java/") || internalName.startsWith("kotlin/")) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = classFiles.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return null;
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable class file of " + internalName, e);
        }
        Set<String> tags = new HashSet<>();
        List<String> annotations = new ArrayList<>();
        String[] superName = new String[1];
        new ClassReader(bytes)
                .accept(
                        new ClassVisitor(SpringAsmInfo.ASM_VERSION) {
                            @Override
                            public void visit(
                                    int version,
                                    int access,
                                    String name,
                                    String signature,
                                    String superClass,
                                    String[] interfaces) {
                                superName[0] = "java/lang/Object".equals(superClass) ? null : superClass;
                            }

                            @Override
                            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                                if (TAG.equals(descriptor)) {
                                    return tagValue(tags);
                                }
                                if (TAGS.equals(descriptor)) {
                                    return new AnnotationVisitor(SpringAsmInfo.ASM_VERSION) {
                                        @Override
                                        public AnnotationVisitor visitArray(String name) {
                                            return new AnnotationVisitor(SpringAsmInfo.ASM_VERSION) {
                                                @Override
                                                public AnnotationVisitor visitAnnotation(String n, String d) {
                                                    return tagValue(tags);
                                                }
                                            };
                                        }
                                    };
                                }
                                if (descriptor.startsWith("L") && descriptor.endsWith(";")) {
                                    annotations.add(descriptor.substring(1, descriptor.length() - 1));
                                }
                                return null;
                            }
                        },
                        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassFile(tags, annotations, superName[0]);
    }

    private static AnnotationVisitor tagValue(Set<String> tags) {
        return new AnnotationVisitor(SpringAsmInfo.ASM_VERSION) {
            @Override
            public void visit(String name, Object value) {
                if ("value".equals(name) && value instanceof String tag) {
                    tags.add(tag.strip());
                }
            }
        };
    }

    private static List<Path> modules(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(child -> Files.isDirectory(child.resolve("target")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
