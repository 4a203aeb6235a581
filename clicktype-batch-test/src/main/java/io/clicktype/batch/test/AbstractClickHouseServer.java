package io.clicktype.batch.test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** What every server kind shares: SQL over HTTP and the capability probe, read once. */
abstract class AbstractClickHouseServer implements ClickHouseServer {

    private volatile Capabilities capabilities;

    /** SQL runner for this server. */
    abstract HttpSql sql();

    @Override
    public String execute(String sql) {
        return sql().execute(null, sql);
    }

    @Override
    public String version() {
        return capabilities().version;
    }

    @Override
    public boolean supportsType(String family) {
        return capabilities().types.contains(family);
    }

    @Override
    public boolean supportsSetting(String name) {
        return capabilities().settings.contains(name);
    }

    @Override
    public boolean supportsFormat(String format) {
        return capabilities().formats.contains(format);
    }

    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("a " + source() + " ClickHouse server cannot be stopped by tests");
    }

    @Override
    public void start() {
        throw new UnsupportedOperationException("a " + source() + " ClickHouse server cannot be started by tests");
    }

    @Override
    public String toString() {
        return "ClickHouse " + version() + " (" + source() + ") at " + httpUrl();
    }

    private Capabilities capabilities() {
        Capabilities probed = capabilities;
        if (probed == null) {
            String version = execute("SELECT version()").trim();
            Set<String> types = lines(execute("SELECT name FROM system.data_type_families"));
            Set<String> settings = lines(execute("SELECT name FROM system.settings"));
            Set<String> formats = lines(execute("SELECT name FROM system.formats"));
            probed = new Capabilities(version, types, settings, formats);
            capabilities = probed;
        }
        return probed;
    }

    private static Set<String> lines(String body) {
        Set<String> result = new HashSet<>(Arrays.asList(body.split("\n")));
        result.remove("");
        return result;
    }

    private record Capabilities(String version, Set<String> types, Set<String> settings, Set<String> formats) {
    }
}
