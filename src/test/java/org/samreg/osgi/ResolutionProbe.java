package org.samreg.osgi;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Run by {@link RuntimeResolutionIT} in a child JVM (the one whose modules are limited to a Weasis runtime's):
 * starts Felix with the given bundles, asks for every service they register (so that SCR activates their delayed
 * components), and prints one line per finding:
 * <pre>
 * MODULES m1,m2,...                  the modules of this JVM's boot layer
 * BUNDLE symbolicName state           (state as Bundle.getState())
 * MISSING symbolicName package        a mandatory Import-Package that nothing in this framework exports
 * COMPONENT symbolicName name state   a DS component and its state
 *                                     (ComponentConfigurationDTO: 8 active; 0 = no configuration)
 * </pre>
 * Arguments: the framework storage folder, then the bundle jars in installation order.
 */
public final class ResolutionProbe {
    private ResolutionProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("MODULES " + String.join(",", ModuleLayer.boot().modules().stream().map(Module::getName)
                .sorted().toList()));
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, args[0],
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        try {
            probe(framework, List.of(args).subList(1, args.length));
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    private static void probe(Framework framework, List<String> jars) throws Exception {
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String jar : jars) {
            bundles.add(context.installBundle(new File(jar).toURI().toString()));
        }
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                } catch (BundleException e) {
                    System.out.println("# " + b.getSymbolicName() + ": " + e.getMessage());
                }
            }
        }
        FrameworkWiring wiring = framework.adapt(FrameworkWiring.class);
        for (Bundle b : bundles) {
            System.out.println("BUNDLE " + b.getSymbolicName() + " " + b.getState());
            for (BundleRequirement r : b.adapt(BundleRevision.class)
                    .getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
                // neither optional nor dynamic (DynamicImport-Package)
                boolean mandatory = PackageNamespace.RESOLUTION_MANDATORY.equals(r.getDirectives()
                        .getOrDefault(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE,
                                PackageNamespace.RESOLUTION_MANDATORY));
                if (mandatory && wiring.findProviders(r).isEmpty()) {
                    System.out.println("MISSING " + b.getSymbolicName() + " " + r.getDirectives()
                            .get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE));
                }
            }
            if (b.getState() == Bundle.ACTIVE && b.getRegisteredServices() != null) {
                for (ServiceReference<?> service : b.getRegisteredServices()) {
                    context.getService(service);
                }
            }
        }
        printComponents(context, bundles);
    }

    /**
     * The states through SCR's ServiceComponentRuntime, by reflection: this class path has no copy of the DS API,
     * the framework's copy comes from its org.osgi.service.component bundle.
     */
    private static void printComponents(BundleContext context, List<Bundle> bundles) throws Exception {
        ServiceReference<?> ref = context.getServiceReference(
                "org.osgi.service.component.runtime.ServiceComponentRuntime");
        if (ref == null) {
            System.out.println("# no ServiceComponentRuntime");
            return;
        }
        Object scr = context.getService(ref);
        Class<?> scrType = ref.getBundle().loadClass("org.osgi.service.component.runtime.ServiceComponentRuntime");
        Class<?> descriptionType = ref.getBundle()
                .loadClass("org.osgi.service.component.runtime.dto.ComponentDescriptionDTO");
        Method descriptions = scrType.getMethod("getComponentDescriptionDTOs", Bundle[].class);
        Method configurations = scrType.getMethod("getComponentConfigurationDTOs", descriptionType);
        for (Bundle b : bundles) {
            for (Object description : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[] {b})) {
                String name = (String) field(description, "name");
                Collection<?> configs = (Collection<?>) configurations.invoke(scr, description);
                if (configs.isEmpty()) {
                    System.out.println("COMPONENT " + b.getSymbolicName() + " " + name + " 0");
                }
                for (Object config : configs) {
                    System.out.println("COMPONENT " + b.getSymbolicName() + " " + name + " " + field(config, "state"));
                }
            }
        }
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        Field f = dto.getClass().getField(name);
        return f.get(dto);
    }
}
