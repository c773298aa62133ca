package org.samreg.weasis;

import java.util.Hashtable;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.samreg.osgi.RegistrationService;
import org.samreg.osgi.ResultViewer;
import org.weasis.core.api.gui.Insertable;
import org.weasis.core.api.gui.InsertableFactory;

/** Puts the SAMReg toolbar into Weasis's 2D DICOM viewer. */
@Component(service = InsertableFactory.class, property = "org.weasis.dicom.viewer2d.View2dContainer=true")
public final class RegistrationToolbarFactory implements InsertableFactory {
    @Reference
    private RegistrationService service;

    @Reference
    private ResultViewer viewer;

    @Override
    public Insertable createInstance(Hashtable<String, Object> properties) {
        return new RegistrationToolbar(service, viewer);
    }

    @Override
    public void dispose(Insertable component) {
        // the toolbar holds no resources; running jobs belong to the service
    }

    @Override
    public boolean isComponentCreatedByThisFactory(Insertable component) {
        return component instanceof RegistrationToolbar;
    }

    @Override
    public Insertable.Type getType() {
        return Insertable.Type.TOOLBAR;
    }
}
