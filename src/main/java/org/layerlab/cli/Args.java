package org.layerlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's flags: {@code --name value} (or {@code --name=value}) for flags that take a value,
 * {@code --name} alone for switches. Anything else — an unknown flag, a missing value, a flag given
 * twice, a stray word — is a usage error naming it. Small on purpose: the commands need no more,
 * and no dependency is worth it.
 */
final class Args {
    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param command     the command's name, for messages
     * @param valueFlags  flags that take a value, without the leading dashes
     * @param switchFlags flags that stand alone
     * @throws CliException with exit code 2 on any usage error
     */
    static Args parse(String command, List<String> args, List<String> valueFlags, List<String> switchFlags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw CliException.badInput(command + ": unexpected argument '" + arg + "'; flags look like --name value"
                        + " (see: layerlab " + command + " --help)");
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                inlineValue = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            String value;
            if (valueFlags.contains(name)) {
                if (inlineValue != null) {
                    value = inlineValue;
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    throw CliException.badInput(command + ": --" + name + " needs a value");
                }
            } else if (switchFlags.contains(name)) {
                if (inlineValue != null) {
                    throw CliException.badInput(command + ": --" + name + " takes no value");
                }
                value = "true";
            } else {
                throw CliException.badInput(command + ": unknown flag --" + name + "; allowed: "
                        + allowed(valueFlags, switchFlags));
            }
            if (values.put(name, value) != null) {
                throw CliException.badInput(command + ": --" + name + " is given twice");
            }
        }
        return new Args(values);
    }

    private static String allowed(List<String> valueFlags, List<String> switchFlags) {
        List<String> names = new ArrayList<>();
        valueFlags.forEach(name -> names.add("--" + name));
        switchFlags.forEach(name -> names.add("--" + name));
        return String.join(", ", names);
    }

    /** The flag's value, or null when it was not given. */
    String value(String name) {
        return values.get(name);
    }

    boolean isSet(String name) {
        return values.containsKey(name);
    }
}
