package dev.gantry.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationContextTest {

    @Test
    void every_attribute_is_found_whatever_the_number_of_attributes() {
        for (int size = 0; size < 200; size++) {
            var attributes = new HashMap<String, Object>();
            for (int i = 0; i < size; i++) attributes.put("attr-" + i, i);
            var ctx = new EvaluationContext("k", attributes);
            for (int i = 0; i < size; i++)
                assertThat(ctx.attribute(new String("attr-" + i))).isEqualTo(i);
            assertThat(ctx.attribute("missing")).isNull();
            assertThat(ctx.attributes()).isEqualTo(attributes);
        }
    }

    @Test
    void the_targeting_key_is_an_attribute_unless_an_attribute_of_that_name_overrides_it() {
        assertThat(EvaluationContext.of("alice").attribute("targetingKey")).isEqualTo("alice");
        assertThat(EvaluationContext.of("alice").attribute(new String("targetingKey")))
                .isEqualTo("alice");
        var overridden = EvaluationContext.builder()
                .targetingKey("alice")
                .set("targetingKey", "bob")
                .build();
        assertThat(overridden.attribute("targetingKey")).isEqualTo("bob");
        assertThat(overridden.attribute(new String("targetingKey"))).isEqualTo("bob");
        assertThat(EvaluationContext.empty().attribute("targetingKey")).isNull();
    }

    @Test
    void a_null_attribute_value_is_kept_and_reads_as_absent() {
        var ctx = new EvaluationContext("u", Collections.singletonMap("email", null));
        assertThat(ctx.attribute("email")).isNull();
        assertThat(ctx.attributes()).containsEntry("email", null).hasSize(1);
        var nullKey = Collections.<String, Object>singletonMap(null, "x");
        assertThatThrownBy(() -> new EvaluationContext("u", nullKey)).hasMessage("attribute name: must not be null");
    }

    @Test
    void contexts_with_the_same_key_and_attributes_are_equal_and_the_view_is_read_only() {
        var a = EvaluationContext.builder()
                .targetingKey("u")
                .set("plan", "pro")
                .set("age", 42)
                .build();
        var b = new EvaluationContext("u", Map.of("age", 42, "plan", "pro"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(EvaluationContext.of("u"));
        assertThat(a.toBuilder().set("plan", "free").build().attribute("plan")).isEqualTo("free");
        assertThat(a.attribute("plan")).isEqualTo("pro");
        assertThat(a.toString()).contains("targetingKey=u").contains("plan=pro");
        assertThatThrownBy(() -> a.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
