package io.clicktype.batch.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void listensOnLoopbackOnlyWithItsOwnPortsAndKeepsEverythingInItsDirectory() throws Exception {
        LocalServerConfig config = new LocalServerConfig(dir, 18123, 19000, 19009);
        config.write();

        String xml = config.configXml();
        assertThat(xml).contains("<listen_host>127.0.0.1</listen_host>", "<http_port>18123</http_port>",
                "<tcp_port>19000</tcp_port>", "<interserver_http_port>19009</interserver_http_port>",
                "<path>" + dir + "/data/</path>", "<users_config>" + dir + "/users.xml</users_config>");
        assertThat(dir.resolve("config.xml")).exists();
        assertThat(dir.resolve("users.xml")).content().contains("<ip>127.0.0.0/8</ip>", "<ip>::1</ip>");
        assertThat(dir.resolve("data")).isDirectory();
    }

    @Test
    void anHttpsInterfaceAddsItsPortAndTheServersOpenSslSettings() {
        ServerTls tls = new ServerTls(18443, dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("ca.crt"),
                true);
        String xml = new LocalServerConfig(dir, 18123, 19000, 19009, "UTC", java.util.Map.of(), "127.0.0.1", tls)
                .configXml();
        assertThat(xml).contains("<https_port>18443</https_port>", "<certificateFile>" + dir + "/server.crt",
                "<privateKeyFile>" + dir + "/server.key", "<caConfig>" + dir + "/ca.crt",
                "<verificationMode>strict</verificationMode>", "<loadDefaultCAFile>false</loadDefaultCAFile>");
        assertThat(xml.indexOf("<openSSL>")).isLessThan(xml.indexOf("</yandex>"));
        assertThat(new LocalServerConfig(dir, 18123, 19000, 19009).configXml()).doesNotContain("https_port", "openSSL");
    }
}
