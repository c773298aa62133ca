package org.samreg.sam;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests against the real default model, opened once per test class; skipped when it has not been fetched. */
public abstract class RealModelTest {
    protected static SamModel model;

    @BeforeAll
    public static void openModel() {
        model = new SamModel(TestResources.manifestWithModel(), false);
    }

    @AfterAll
    public static void closeModel() {
        if (model != null) {
            model.close();
        }
    }
}
