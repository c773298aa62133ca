package org.samreg.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.samreg.everything.PromptPlacement;

class ChoiceTest {
    @Test
    void readsAConstantInAnyCaseAndRefusesOthersNamingEachChoice() {
        assertEquals(Method.HYBRID, Choice.of(Method.class, "method", " Hybrid "));
        assertEquals(PromptPlacement.REGIONS, Choice.of(PromptPlacement.class, "prompts", "regions"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Choice.of(Method.class, "method", "fast"));
        assertEquals("method must be roi, image or hybrid, got 'fast'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Choice.of(PromptPlacement.class, "prompts", ""));
        assertEquals("prompts must be grid or regions, got ''", e.getMessage());
    }
}
