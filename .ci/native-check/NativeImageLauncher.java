import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.constant.ClassDesc;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The part of GraalVM's {@code native-image} driver that this project needs, for a machine that has
 * GraalVM's image builder (from Maven Central) but no GraalVM distribution.
 *
 * <p>It reads what Quarkus writes with {@code -Dquarkus.native.sources-only=true}
 * ({@code target/native-sources/native-image.args}, the runner jar and {@code lib/}), applies the
 * {@code META-INF/native-image} configuration of every jar on the class path as the driver does
 * ({@code native-image.properties} and the JSON configuration files, minus {@code --exclude-config}),
 * translates the driver's options into the builder's {@code -H:} options, and runs
 * {@code com.oracle.svm.hosted.NativeImageGeneratorRunner} on the given JDK with JVMCI enabled.
 *
 * <p>Without {@code --link} it passes {@code -H:+ExitAfterRelocatableImageWrite}: the whole
 * application is analysed and compiled to a relocatable object file and the build stops before the
 * link, the one step that needs the JDK's static libraries (which no package registry has). Every
 * analysis or compilation error (a class initialized at build time that must not be, an unsupported
 * feature, a missing class) fails the build, and this program exits with the builder's status.
 *
 * <p>The builder's C annotation step compiles small query programs against four headers that only
 * GraalVM distributions ship ({@code include/amd64cpufeatures.h}, {@code aarch64cpufeatures.h},
 * {@code riscv64cpufeatures.h}, {@code svm_locale.h}). They are generated here from the builder jar's
 * own annotations: each {@code @CStruct} interface of a context whose directives name such a header
 * becomes a struct with one member per {@code @CField}, and each {@code @CConstant} a distinct
 * integer. The query reads sizes and offsets from them; the constants' values only matter to the C
 * library a linking toolchain provides, and that toolchain comes with its own headers
 * ({@code --clibrary-path}).
 *
 * <p>Usage: {@code java NativeImageLauncher.java --sources DIR --builder-jars DIR --work DIR
 * [--xmx 6g] [--timeout-minutes 40] [--link --clibrary-path DIR[,DIR...]]}
 */
public final class NativeImageLauncher {

    private static final String BUILDER_MODULE = "org.graalvm.nativeimage.builder";
    private static final String GENERATOR = BUILDER_MODULE + "/com.oracle.svm.hosted.NativeImageGeneratorRunner";
    private static final String COMPILER_MODULE = "jdk.graal.compiler";
    private static final String META_INF = "META-INF/native-image/";

    /** Builder options behind the JSON files of META-INF/native-image, by file name. */
    private static final Map<String, String> CONFIG_FILES = Map.of(
            "reachability-metadata.json", "ReachabilityMetadataResources",
            "jni-config.json", "JNIConfigurationResources",
            "reflect-config.json", "ReflectionConfigurationResources",
            "resource-config.json", "ResourceConfigurationResources",
            "proxy-config.json", "DynamicProxyConfigurationResources",
            "serialization-config.json", "SerializationConfigurationResources",
            "serialization-deny-config.json", "SerializationDenyConfigurationResources",
            "predefined-classes-config.json", "PredefinedClassesConfigurationResources");

    /** The driver's API options that Quarkus and the libraries use, as builder options (GraalVM 25). */
    private static final Map<String, String> VALUE_OPTIONS = Map.of(
            "--features", "Features",
            "--link-at-build-time", "LinkAtBuildTime",
            "--enable-url-protocols", "EnableURLProtocols",
            "--enable-monitoring", "EnableMonitoringFeatures",
            "--enable-native-access", "EnableNativeAccess",
            "--trace-object-instantiation", "TraceObjectInstantiation");

    /** The first line of an exception's trace, as the builder prints one it did not report otherwise. */
    private static final Pattern EXCEPTION_HEADER = Pattern.compile("[a-z]+(\\.[A-Za-z_$0-9]+)+(Exception|Error)(: .*)?");

    private final List<String> javaArgs = new ArrayList<>();
    private final List<String> builderArgs = new ArrayList<>();
    private final List<Pattern[]> excludedConfigs = new ArrayList<>();
    private final LinkedHashSet<Path> classpath = new LinkedHashSet<>();
    private String imageName;
    private Path mainJar;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path sources = Path.of(required(options, "--sources")).toAbsolutePath();
        Path builderJars = Path.of(required(options, "--builder-jars")).toAbsolutePath();
        Path work = Path.of(required(options, "--work")).toAbsolutePath();
        boolean link = options.containsKey("--link");
        String xmx = options.getOrDefault("--xmx", "6g");
        Path javaHome = Path.of(options.getOrDefault("--java-home", System.getProperty("java.home")));

        Files.createDirectories(work);
        Path headers = work.resolve("clibraries");
        int generated = generateHeaders(builderJars, headers);
        System.out.printf("native-image launcher: %d C headers generated from the builder's annotations in %s%n", generated, headers);

        NativeImageLauncher launcher = new NativeImageLauncher();
        launcher.readQuarkusArgs(sources);
        launcher.applyMetaInf();

        List<String> cLibraryPath = new ArrayList<>();
        if (options.containsKey("--clibrary-path")) {
            cLibraryPath.addAll(List.of(options.get("--clibrary-path").split(",")));
        }
        cLibraryPath.add(headers.toString());
        Path out = work.resolve("out");
        Path temp = work.resolve("tmp");
        Files.createDirectories(out);
        deleteRecursively(temp);
        Files.createDirectories(temp);

        List<String> finalBuilderArgs = new ArrayList<>();
        finalBuilderArgs.add("-H:CLibraryPath=" + String.join(",", cLibraryPath));
        finalBuilderArgs.add("-imagecp");
        finalBuilderArgs.add(launcher.classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
        finalBuilderArgs.add("-H:Path=" + out);
        finalBuilderArgs.add("-H:Name=" + launcher.imageName);
        finalBuilderArgs.add("-H:Class=" + launcher.mainClass());
        finalBuilderArgs.addAll(launcher.builderArgs);
        // As the driver: an id derived from the arguments, so that the same build gets the same id.
        finalBuilderArgs.add("-H:ImageBuildID@driver="
                + UUID.nameUUIDFromBytes(String.join("\0", launcher.builderArgs).getBytes(StandardCharsets.UTF_8)));
        finalBuilderArgs.add("-H:+UnlockExperimentalVMOptions");
        finalBuilderArgs.add("-H:TempDirectory=" + temp);
        if (!link) {
            finalBuilderArgs.add("-H:+ExitAfterRelocatableImageWrite");
        }
        finalBuilderArgs.add("-H:-UnlockExperimentalVMOptions");
        Path builderArgFile = work.resolve("builder.args");
        Files.writeString(builderArgFile, String.join("\0", finalBuilderArgs));

        List<Path> jars = listJars(builderJars);
        // The builder's version, from its jar's name (svm-25.0.2.jar), as .ci/native-check/pom.xml resolved it.
        String graalvmVersion = jars.stream().map(j -> j.getFileName().toString())
                .filter(n -> n.matches("svm-[0-9.]+\\.jar")).map(n -> n.substring(4, n.length() - 4))
                .findFirst().orElseThrow(() -> new IllegalStateException("no svm-<version>.jar in " + builderJars));
        List<String> jvm = new ArrayList<>();
        jvm.add("-XX:+UseParallelGC");
        jvm.add("-Xmx" + xmx);
        jvm.add("-Xss10m");
        jvm.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "-XX:-UseJVMCICompiler"));
        jvm.addAll(List.of(
                "-Dtruffle.TrustAllTruffleRuntimeProviders=true",
                "-Dtruffle.TruffleRuntime=com.oracle.truffle.api.impl.DefaultTruffleRuntime",
                "-Dgraalvm.ForcePolyglotInvalid=true",
                "-Dgraalvm.locatorDisabled=true",
                "-Dsubstratevm.HostLibC=glibc",
                "-Djava.awt.headless=true",
                "-Dorg.graalvm.vendor=GraalVM Community",
                "-Dorg.graalvm.vendorurl=https://www.graalvm.org/",
                // Read by Quarkus's build-time features (GraalVM.Version.getCurrent()) as the driver sets it.
                "-Dorg.graalvm.vendorversion=GraalVM CE " + graalvmVersion,
                "-Dorg.graalvm.version=" + graalvmVersion,
                "-Dcom.oracle.graalvm.isaot=true",
                "-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader",
                "-Dorg.graalvm.nativeimage.imagecode=buildtime",
                "-Xshare:off"));
        Set<String> builderModules = moduleNames(jars);
        jvm.addAll(concealedExports(builderModules));
        jvm.addAll(launcher.javaArgs);
        jvm.add("--add-modules=ALL-DEFAULT");
        jvm.add("--enable-native-access=" + String.join(",", builderModules));
        List<Path> compiler = jars.stream().filter(j -> moduleNames(List.of(j)).contains(COMPILER_MODULE)).toList();
        List<Path> modulePath = jars.stream().filter(j -> !compiler.contains(j)).toList();
        jvm.add("--module-path");
        jvm.add(join(modulePath));
        jvm.add("--upgrade-module-path");
        jvm.add(join(compiler));
        jvm.add("--module");
        jvm.add(GENERATOR);
        Path jvmArgFile = work.resolve("builder-jvm.args");
        Files.write(jvmArgFile, jvm.stream().map(NativeImageLauncher::quoteForArgFile).toList());

        List<String> command = List.of(javaHome.resolve("bin/java").toString(), "@" + jvmArgFile,
                "-keepalive", "/proc/" + ProcessHandle.current().pid() + "/comm",
                "--image-args-file=" + builderArgFile);
        System.out.printf("native-image launcher: %s, %d class-path entries, builder arguments in %s%n",
                link ? "build and link" : "compile to an object file (no link)", launcher.classpath.size(), builderArgFile);
        Instant start = Instant.now();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(out.toFile());
        pb.environment().put("USE_NATIVE_IMAGE_JAVA_PLATFORM_MODULE_SYSTEM", "true");
        int status = runWatched(pb.start(), Duration.ofMinutes(Long.parseLong(options.getOrDefault("--timeout-minutes", "40"))));
        Duration took = Duration.between(start, Instant.now());
        if (status != 0) {
            System.err.printf("native-image launcher: the image builder FAILED (exit %d) after %ds%n", status, took.toSeconds());
            System.exit(status == 0 ? 1 : status);
        }
        Path result = link ? out.resolve(launcher.imageName) : findObjectFile(temp, launcher.imageName);
        if (result == null || !Files.isRegularFile(result)) {
            System.err.printf("native-image launcher: the builder exited 0 but wrote no %s%n", link ? "executable" : "object file");
            System.exit(1);
        }
        System.out.printf("native-image launcher: OK in %ds: %s (%,d bytes)%n", took.toSeconds(), result, Files.size(result));
    }

    /**
     * Echoes the builder's output and waits for it. A builder that has reported its failure but does
     * not exit (seen once, after an exception in a feature) is stopped a minute later, and any build
     * past the deadline: CI must end with the builder's verdict, not hang.
     */
    private static int runWatched(Process builder, Duration deadline) throws Exception {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "builder-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        AtomicBoolean failed = new AtomicBoolean();
        watchdog.schedule(() -> {
            System.err.printf("native-image launcher: no result after %d minutes: stopping the builder%n", deadline.toMinutes());
            failed.set(true);
            builder.destroyForcibly();
        }, deadline.toSeconds(), TimeUnit.SECONDS);
        try (BufferedReader output = builder.inputReader(StandardCharsets.UTF_8)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                System.out.println(line);
                if (line.startsWith("Failed generating") || line.startsWith("Error: ") || line.startsWith("Fatal error")
                        || EXCEPTION_HEADER.matcher(line).matches()) {
                    failed.set(true);
                    watchdog.schedule(builder::destroyForcibly, 60, TimeUnit.SECONDS);
                }
            }
        }
        int status = builder.waitFor();
        watchdog.shutdownNow();
        return failed.get() && status == 0 ? 1 : status;
    }

    // ---- the driver's part: arguments, META-INF/native-image ----

    private void readQuarkusArgs(Path sources) throws IOException {
        String line = Files.readString(sources.resolve("native-image.args")).strip();
        List<String> args = List.of(line.split("\\s+"));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-jar")) {
                mainJar = sources.resolve(args.get(++i));
            } else if (arg.equals("--exclude-config")) {
                excludedConfigs.add(new Pattern[] {Pattern.compile(args.get(i + 1)), Pattern.compile(args.get(i + 2))});
                i += 2;
            } else if (!arg.startsWith("-")) {
                imageName = arg;
            } else {
                driverOption(arg, "native-image.args");
            }
        }
        if (mainJar == null || imageName == null) {
            throw new IllegalStateException("native-image.args names no -jar or no image name: " + line);
        }
        classpath.add(mainJar);
        try (JarFile jar = new JarFile(mainJar.toFile())) {
            java.util.jar.Attributes manifest = jar.getManifest().getMainAttributes();
            // As the driver does with the -jar jar's manifest: Quarkus's runner opens java.lang to the
            // application (jboss-threads' class initializer, run at build time, needs it).
            moduleAttribute(manifest, "Add-Opens", "AddOpens");
            moduleAttribute(manifest, "Add-Exports", "AddExports");
            if ("ALL-UNNAMED".equals(manifest.getValue("Enable-Native-Access"))) {
                javaArgs.add("--enable-native-access=ALL-UNNAMED");
            }
            String manifestClassPath = manifest.getValue("Class-Path");
            if (manifestClassPath != null) {
                for (String entry : manifestClassPath.trim().split("\\s+")) {
                    Path path = mainJar.getParent().resolve(entry).normalize();
                    if (Files.exists(path)) {
                        classpath.add(path);
                    }
                }
            }
        }
    }

    private void moduleAttribute(java.util.jar.Attributes manifest, String attribute, String builderOption) {
        String value = manifest.getValue(attribute);
        if (value != null) {
            for (String modulePackage : value.trim().split("\\s+")) {
                builderArgs.add("-H:" + builderOption + "=" + modulePackage + "=ALL-UNNAMED");
            }
        }
    }

    private String mainClass() throws IOException {
        try (JarFile jar = new JarFile(mainJar.toFile())) {
            Manifest manifest = jar.getManifest();
            return manifest.getMainAttributes().getValue("Main-Class");
        }
    }

    /** One option as the driver takes it, from the command line or a native-image.properties file. */
    private void driverOption(String arg, String origin) {
        if (arg.startsWith("-J")) {
            javaArgs.add(arg.substring(2));
        } else if (arg.startsWith("-H:") || arg.startsWith("-R:")) {
            builderArgs.add(arg);
        } else if (arg.equals("--no-fallback")) {
            builderArgs.add("-H:FallbackThreshold=0");
        } else if (arg.startsWith("--initialize-at-build-time") || arg.startsWith("--initialize-at-run-time")) {
            String suffix = arg.startsWith("--initialize-at-build-time") ? ":build_time" : ":run_time";
            int eq = arg.indexOf('=');
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            String transformed = value.isEmpty() ? suffix
                    : Stream.of(value.split(",")).map(v -> v + suffix).collect(Collectors.joining(","));
            builderArgs.add("-H:ClassInitialization=" + transformed);
        } else if (arg.startsWith("-march=")) {
            builderArgs.add("-H:MicroArchitecture=" + arg.substring("-march=".length()));
        } else if (arg.matches("-O[0-9bs]")) {
            builderArgs.add("-H:Optimize=" + arg.substring(2));
        } else {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String builderOption = VALUE_OPTIONS.get(name);
            if (builderOption == null) {
                // An option this launcher does not know could change the image: refuse rather than guess.
                throw new IllegalArgumentException("unsupported native-image option " + arg + " (from " + origin + ")");
            }
            builderArgs.add("-H:" + builderOption + "=" + (eq < 0 ? "" : arg.substring(eq + 1)));
        }
    }

    /** As the driver: every class-path entry's META-INF/native-image, unless --exclude-config says not. */
    private void applyMetaInf() throws IOException {
        for (Path entry : List.copyOf(classpath)) {
            if (!entry.toString().endsWith(".jar")) {
                continue;
            }
            try (ZipFile zip = new ZipFile(entry.toFile())) {
                List<? extends ZipEntry> entries = zip.stream()
                        .filter(e -> !e.isDirectory() && e.getName().startsWith(META_INF))
                        .sorted((a, b) -> a.getName().compareTo(b.getName()))
                        .toList();
                for (ZipEntry file : entries) {
                    String name = file.getName();
                    String fileName = name.substring(name.lastIndexOf('/') + 1);
                    boolean properties = fileName.equals("native-image.properties");
                    if (!properties && !CONFIG_FILES.containsKey(fileName) || isExcluded(entry, "/" + name)) {
                        continue;
                    }
                    String origin = entry.getFileName() + "!/" + name;
                    if (properties) {
                        applyProperties(zip, file, origin);
                    } else {
                        builderArgs.add("-H:" + CONFIG_FILES.get(fileName) + "=" + name);
                    }
                }
            }
        }
    }

    private void applyProperties(ZipFile zip, ZipEntry file, String origin) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = zip.getInputStream(file)) {
            properties.load(in);
        }
        String componentDirectory = file.getName().substring(0, file.getName().lastIndexOf('/'));
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).replace("${.}", componentDirectory);
            switch (key) {
                case "Args" -> Stream.of(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(a -> driverOption(a, origin));
                case "JavaArgs" -> Stream.of(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(javaArgs::add);
                case "ImageName" -> { }
                default -> throw new IllegalArgumentException("unsupported key " + key + " in " + origin);
            }
        }
    }

    private boolean isExcluded(Path entry, String resource) {
        return excludedConfigs.stream()
                .filter(p -> p[0].matcher(entry.toString()).find())
                .anyMatch(p -> p[1].matcher(resource).find());
    }

    // ---- the builder JVM ----

    /**
     * Every package a JDK module does not export to everyone, exported to the builder's modules: the
     * driver passes the subset its build recorded; this passes all, which grants nothing beyond what
     * the builder (which has full control of the build anyway) could reach itself.
     */
    private static List<String> concealedExports(Set<String> builderModules) {
        String targets = String.join(",", builderModules);
        List<String> exports = new ArrayList<>();
        // The modules the builder's boot layer resolves: the default set (this launcher's own boot layer,
        // a class-path program) and JVMCI, which the builder requires and nothing exports to everyone.
        Set<String> resolved = ModuleLayer.boot().modules().stream().map(Module::getName).collect(Collectors.toSet());
        resolved.add("jdk.internal.vm.ci");
        for (ModuleReference module : new TreeMap<>(ModuleFinder.ofSystem().findAll().stream()
                .filter(m -> resolved.contains(m.descriptor().name()))
                .collect(Collectors.toMap(m -> m.descriptor().name(), m -> m))).values()) {
            Set<String> open = module.descriptor().exports().stream()
                    .filter(e -> !e.isQualified()).map(e -> e.source()).collect(Collectors.toSet());
            for (String pkg : new TreeSet<>(module.descriptor().packages())) {
                if (!open.contains(pkg)) {
                    exports.add("--add-exports=" + module.descriptor().name() + "/" + pkg + "=" + targets);
                }
            }
        }
        return exports;
    }

    private static Set<String> moduleNames(List<Path> jars) {
        return ModuleFinder.of(jars.toArray(Path[]::new)).findAll().stream()
                .map(m -> m.descriptor().name()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Path> listJars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    // ---- the C headers only GraalVM distributions ship ----

    private record Struct(String name, List<String[]> fields) { }

    /** Writes include/*.h under {@code target} for every directives class that names such a header. */
    static int generateHeaders(Path builderJars, Path target) throws IOException {
        Map<ClassDesc, String> headerOfDirectives = new LinkedHashMap<>();
        List<ClassModel> classes = new ArrayList<>();
        for (Path jar : listJars(builderJars)) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().filter(e -> e.getName().endsWith(".class")
                        && !e.getName().endsWith("module-info.class")).toList()) {
                    byte[] bytes;
                    try (InputStream in = zip.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    if (!containsAscii(bytes, "org/graalvm/nativeimage/c/")) {
                        continue;
                    }
                    ClassModel model = ClassFile.of().parse(bytes);
                    classes.add(model);
                    for (var pe : model.constantPool()) {
                        if (pe instanceof StringEntry s && s.stringValue().startsWith("include/") && s.stringValue().endsWith(".h")) {
                            headerOfDirectives.put(model.thisClass().asSymbol(), s.stringValue());
                        }
                    }
                }
            }
        }
        Map<ClassDesc, ClassModel> byName = classes.stream()
                .collect(Collectors.toMap(c -> c.thisClass().asSymbol(), c -> c, (a, b) -> a));
        Map<String, List<Struct>> structs = new TreeMap<>();
        Map<String, List<String>> constants = new TreeMap<>();
        for (ClassModel model : classes) {
            Optional<ClassDesc> context = context(model, byName);
            if (context.isEmpty() || !headerOfDirectives.containsKey(context.get())) {
                continue;
            }
            String header = headerOfDirectives.get(context.get());
            annotation(model.findAttribute(Attributes.runtimeVisibleAnnotations()).map(a -> a.annotations()).orElse(List.of()),
                    "Lorg/graalvm/nativeimage/c/struct/CStruct;").ifPresent(cstruct -> {
                List<String[]> fields = new ArrayList<>();
                for (MethodModel method : model.methods()) {
                    List<Annotation> annotations = method.findAttribute(Attributes.runtimeVisibleAnnotations())
                            .map(a -> a.annotations()).orElse(List.of());
                    annotation(annotations, "Lorg/graalvm/nativeimage/c/struct/CField;").ifPresent(cfield -> {
                        if (method.methodTypeSymbol().parameterCount() == 0) {
                            String fieldName = stringElement(cfield, "value").orElse(method.methodName().stringValue());
                            fields.add(new String[] {cType(method.methodTypeSymbol().returnType()), fieldName});
                        }
                    });
                }
                structs.computeIfAbsent(header, h -> new ArrayList<>())
                        .add(new Struct(stringElement(cstruct, "value").filter(v -> !v.isEmpty()).orElse(simpleName(model)), fields));
            });
            for (MethodModel method : model.methods()) {
                List<Annotation> annotations = method.findAttribute(Attributes.runtimeVisibleAnnotations())
                        .map(a -> a.annotations()).orElse(List.of());
                if (annotation(annotations, "Lorg/graalvm/nativeimage/c/constant/CConstant;").isPresent()) {
                    constants.computeIfAbsent(header, h -> new ArrayList<>()).add(method.methodName().stringValue());
                }
            }
        }
        int written = 0;
        for (String header : new TreeSet<>(headerOfDirectives.values())) {
            StringBuilder text = new StringBuilder("/* Generated by .ci/native-check/NativeImageLauncher.java from the builder's"
                    + " annotations, for the C annotation step only. */\n#include <stdint.h>\n\n");
            int value = 1;
            for (String constant : constants.getOrDefault(header, List.of())) {
                text.append("#define ").append(constant).append(' ').append(value++).append('\n');
            }
            for (Struct struct : structs.getOrDefault(header, List.of())) {
                text.append("\ntypedef struct {\n");
                for (String[] field : struct.fields()) {
                    text.append("    ").append(field[0]).append(' ').append(field[1]).append(";\n");
                }
                text.append("} ").append(struct.name()).append(";\n");
            }
            Path file = target.resolve(header);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.toString());
            written++;
        }
        return written;
    }

    /** The @CContext directives of a class, or of the class that encloses it. */
    private static Optional<ClassDesc> context(ClassModel model, Map<ClassDesc, ClassModel> byName) {
        List<Annotation> annotations = model.findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(a -> a.annotations()).orElse(List.of());
        Optional<Annotation> ccontext = annotation(annotations, "Lorg/graalvm/nativeimage/c/CContext;");
        if (ccontext.isPresent()) {
            return ccontext.get().elements().stream().filter(e -> e.name().stringValue().equals("value"))
                    .map(AnnotationElement::value).filter(v -> v instanceof AnnotationValue.OfClass)
                    .map(v -> ((AnnotationValue.OfClass) v).classSymbol()).findFirst();
        }
        return model.findAttribute(Attributes.innerClasses()).flatMap(inner -> inner.classes().stream()
                .filter(i -> i.innerClass().asSymbol().equals(model.thisClass().asSymbol()) && i.outerClass().isPresent())
                .map(i -> byName.get(i.outerClass().get().asSymbol()))
                .filter(outer -> outer != null)
                .findFirst())
                .flatMap(outer -> context(outer, byName));
    }

    private static String simpleName(ClassModel model) {
        String name = model.thisClass().asInternalName();
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('$')) + 1);
    }

    private static Optional<Annotation> annotation(List<Annotation> annotations, String descriptor) {
        return annotations.stream().filter(a -> a.className().stringValue().equals(descriptor)).findFirst();
    }

    private static Optional<String> stringElement(Annotation annotation, String name) {
        return annotation.elements().stream().filter(e -> e.name().stringValue().equals(name))
                .map(AnnotationElement::value).filter(v -> v instanceof AnnotationValue.OfString)
                .map(v -> ((AnnotationValue.OfString) v).stringValue()).findFirst();
    }

    private static String cType(ClassDesc type) {
        return switch (type.descriptorString()) {
            case "Z", "B" -> "uint8_t";
            case "S" -> "int16_t";
            case "I" -> "int32_t";
            case "J" -> "int64_t";
            case "Lorg/graalvm/nativeimage/c/type/CCharPointer;" -> "char*";
            default -> "void*";
        };
    }

    // ---- small things ----

    private static boolean containsAscii(byte[] bytes, String text) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
    }

    private static Path findObjectFile(Path temp, String name) throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            return files.filter(p -> p.getFileName().toString().equals(name + ".o")).findFirst().orElse(null);
        }
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    private static String quoteForArgFile(String arg) {
        return arg.matches("[^\\s\"'\\\\#]+") ? arg : "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--link")) {
                options.put("--link", "");
            } else if (i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
