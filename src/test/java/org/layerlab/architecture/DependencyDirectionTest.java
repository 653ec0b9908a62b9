package org.layerlab.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency direction of docs/architecture.md by scanning every import (and every fully
 * qualified org.layerlab / io.javalin / j2html name) in src/main/java:
 * engine ← data ← training ← insight ← session ← server; protocol sees value types only; nothing
 * outside server imports Javalin; nothing outside pages imports j2html; engine uses the JDK only.
 */
class DependencyDirectionTest {
    private static final Path MAIN = Path.of("src/main/java/org/layerlab");

    /** For each package, the LayerLab packages it may use (besides itself). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("engine", Set.of()),
            Map.entry("data", Set.of("engine")),
            Map.entry("training", Set.of("engine", "data")),
            Map.entry("insight", Set.of("engine", "data", "training")),
            Map.entry("protocol", Set.of("engine", "data", "training", "insight")),
            Map.entry("lessons", Set.of("engine", "data", "training")),
            Map.entry("pages", Set.of("engine", "data", "training", "insight", "lessons", "protocol")),
            Map.entry("session", Set.of("engine", "data", "training", "insight", "protocol")),
            Map.entry("server", Set.of("engine", "data", "training", "insight", "protocol", "session", "pages",
                    "lessons")),
            Map.entry("cli", Set.of("engine", "data", "training", "insight", "protocol", "session", "server",
                    "pages", "lessons")));

    private static final Pattern REFERENCE = Pattern.compile(
            "\\b(org\\.layerlab\\.[a-z]+|io\\.javalin|j2html|com\\.fasterxml|org\\.eclipse\\.jetty)\\b");

    @Test
    void everyPackageUsesOnlyWhatItMay() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(MAIN)) {
            for (Path file : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                String pkg = MAIN.relativize(file).getName(0).toString();
                if (!ALLOWED.containsKey(pkg)) {
                    violations.add(file + ": package '" + pkg + "' is not in the architecture");
                    continue;
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = REFERENCE.matcher(text);
                while (m.find()) {
                    String ref = m.group(1);
                    String problem = check(pkg, ref);
                    if (problem != null) {
                        violations.add(MAIN.relativize(file) + ": " + problem);
                    }
                }
                if (pkg.equals("engine")) {
                    for (String line : text.split("\n")) {
                        if (line.startsWith("import ") && !line.matches("import (static )?(java|org\\.layerlab\\.engine)\\..*")) {
                            violations.add(MAIN.relativize(file) + ": engine imports outside the JDK: " + line);
                        }
                    }
                }
            }
        }
        assertTrue(files > 10, "scanned only " + files + " files; is the working directory the project?");
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    static String check(String pkg, String ref) {
        if (ref.startsWith("org.layerlab.")) {
            String target = ref.substring("org.layerlab.".length());
            if (target.equals(pkg) || ALLOWED.get(pkg).contains(target)) {
                return null;
            }
            return pkg + " must not use " + target;
        }
        if ((ref.equals("io.javalin") || ref.equals("org.eclipse.jetty")) && !pkg.equals("server")
                && !pkg.equals("cli")) {
            return pkg + " must not use " + ref + " (only server knows the web framework)";
        }
        if (ref.equals("j2html") && !pkg.equals("pages")) {
            return pkg + " must not use j2html (only pages render HTML)";
        }
        if (ref.equals("com.fasterxml") && (pkg.equals("engine") || pkg.equals("data"))) {
            return pkg + " must not use Jackson (engine and data are JDK only)";
        }
        return null;
    }

    @Test
    void theRulesThemselvesCatchAViolation() {
        assertTrue(check("engine", "org.layerlab.data") != null);
        assertTrue(check("session", "io.javalin") != null);
        assertTrue(check("training", "j2html") != null);
        assertTrue(check("server", "io.javalin") == null);
        assertTrue(check("training", "org.layerlab.engine") == null);
    }
}
