import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class the way {@code mvn exec:java} does: in a class loader of its own, closed when main returns and
 * before the JVM's shutdown hooks run. Launched as a source file ({@code java ClosedLoaderLauncher.java CLASSPATH
 * MAIN ARGS...}) so that the application's classes are on no other class path. Used by JvmExitIT.
 */
public class ClosedLoaderLauncher {

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : args[0].split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        String[] rest = new String[args.length - 2];
        System.arraycopy(args, 2, rest, 0, rest.length);
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            loader.loadClass(args[1]).getMethod("main", String[].class).invoke(null, (Object) rest);
        }
        Thread.currentThread().setContextClassLoader(ClassLoader.getSystemClassLoader());
    }
}
