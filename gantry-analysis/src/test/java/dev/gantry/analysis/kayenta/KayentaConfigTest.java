package dev.gantry.analysis.kayenta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.analysis.kayenta.MetricConfig.Direction;
import dev.gantry.analysis.kayenta.MetricConfig.Measure;
import dev.gantry.analysis.kayenta.MetricConfig.NanStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kayenta's configuration format read strictly: Kayenta's defaults, and every bad field named by its path. */
class KayentaConfigTest {
    /** A configuration as Kayenta's UI saves it, for a Prometheus and a Datadog metric. */
    static final String SAVED = """
        {"id":"a3f","name":"checkout","applications":["shop"],"configVersion":"1","description":"latency and errors",
         "createdTimestamp":1700000000000,"updatedTimestampIso":"2023-11-14T22:13:20Z",
         "judge":{"name":"NetflixACAJudge-v1.0","judgeConfigurations":{}},
         "metrics":[
          {"name":"p99","query":{"type":"prometheus","serviceType":"prometheus","metricName":"http_p99",
                                 "customInlineTemplate":"PromQL:histogram_quantile(0.99, rate(x[1m]))"},
           "groups":["Latency"],"scopeName":"default",
           "analysisConfigurations":{"canary":{"direction":"increase","critical":true,"nanStrategy":"remove",
             "effectSize":{"allowedIncrease":1.1,"criticalIncrease":1.5,"measure":"meanRatio"},
             "outliers":{"strategy":"remove","outlierFactor":2.0}}}},
          {"name":"errors","query":{"type":"datadog","metricName":"errors.count"},"groups":["Errors"],
           "analysisConfigurations":{"canary":{"direction":"increase","nanStrategy":"replace","mustHaveData":true}}}],
         "classifier":{"groupWeights":{"Latency":60,"Errors":40},"scoreThresholds":{"pass":90,"marginal":70}},
         "templates":{"t":"avg:errors{${scope}}"}}""";

    @Test
    void aSavedKayentaConfigurationReadsWithItsSettings() {
        KayentaConfig c = KayentaConfig.parse(SAVED);

        assertThat(c.tolerance()).isEqualTo(0.25);
        assertThat(c.confLevel()).isEqualTo(0.98);
        assertThat(c.pass()).isEqualTo(90);
        assertThat(c.marginal()).isEqualTo(70);
        assertThat(c.groupWeights()).containsEntry("Latency", 60.0).containsEntry("Errors", 40.0);
        MetricConfig p99 = c.metric("p99");
        assertThat(p99.direction()).isEqualTo(Direction.INCREASE);
        assertThat(p99.critical()).isTrue();
        assertThat(p99.effectSize()).isEqualTo(new MetricConfig.EffectSize(Measure.MEAN_RATIO, 1.1, 1.0, 1.5, 1.0));
        assertThat(p99.removeOutliers()).isTrue();
        assertThat(p99.outlierFactor()).isEqualTo(2.0);
        assertThat(p99.queryType()).isEqualTo("prometheus");
        assertThat(c.metric("errors").nanStrategy()).isEqualTo(NanStrategy.REPLACE);
        assertThat(c.metric("errors").mustHaveData()).isTrue();
    }

    @Test
    void absentSettingsTakeKayentasDefaults() {
        KayentaConfig c = KayentaConfig.parse("{\"metrics\":[{\"name\":\"m\",\"groups\":[\"g\"]}]}");
        MetricConfig m = c.metric("m");

        assertThat(m.direction()).isEqualTo(Direction.EITHER);
        assertThat(m.nanStrategy()).isEqualTo(NanStrategy.REMOVE);
        assertThat(m.removeOutliers()).isFalse();
        assertThat(m.outlierFactor()).isEqualTo(3.0);
        assertThat(m.effectSize()).isEqualTo(new MetricConfig.EffectSize(Measure.MEAN_RATIO, 1, 1, 1, 1));
        assertThat(c.pass()).isEqualTo(95);
        assertThat(c.marginal()).isEqualTo(75);
        assertThat(Configs.oneMetric("{\"effectSize\":{\"measure\":\"cles\"}}")
                        .metric("m")
                        .effectSize())
                .as("cles: no change is 0.5")
                .isEqualTo(new MetricConfig.EffectSize(Measure.CLES, 0.5, 0.5, 0.5, 0.5));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "prometheus",
                "datadog",
                "stackdriver",
                "atlas",
                "newrelic",
                "signalfx",
                "graphite",
                "influxdb",
                "wavefront",
                "cloudwatch",
                "some-future-store"
            })
    void queriesForAnyMetricStoreAreAcceptedAndIgnored(String type) {
        String config =
                "{\"metrics\":[{\"name\":\"m\",\"groups\":[\"g\"],\"query\":{\"type\":\"%s\",\"q\":{\"x\":[1]}}}]}";

        assertThat(KayentaConfig.parse(config.formatted(type)).metric("m").queryType())
                .isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"direction\":\"sideways\"} | metrics[1].analysisConfigurations.canary.direction: must be one of increase, decrease, either, was sideways",
                "{\"effectSize\":{\"measure\":\"median\"}} | metrics[1].analysisConfigurations.canary.effectSize.measure: must be one of meanRatio, cles, was median",
                "{\"effectSize\":3} | metrics[1].analysisConfigurations.canary.effectSize: must be an object, was 3",
                "{\"effectSize\":{\"allowedIncrease\":\"1.1\"}} | metrics[1].analysisConfigurations.canary.effectSize.allowedIncrease: must be a number, was the string \"1.1\"",
                "{\"nanStrategy\":\"drop\"} | metrics[1].analysisConfigurations.canary.nanStrategy: must be one of remove, replace, was drop",
                "{\"critical\":\"yes\"} | metrics[1].analysisConfigurations.canary.critical: must be true or false, was the string \"yes\"",
                "{\"mustHaveDate\":true} | metrics[1].analysisConfigurations.canary.mustHaveDate: unknown field, expected one of direction, critical, mustHaveData, nanStrategy, effectSize, outliers",
                "{\"outliers\":{\"strategy\":\"trim\"}} | metrics[1].analysisConfigurations.canary.outliers.strategy: must be one of remove, keep, was trim",
                "{\"outliers\":{\"outlierFactor\":0}} | metrics[1].analysisConfigurations.canary.outliers.outlierFactor: must be > 0, was 0.0",
            })
    void aBadMetricSettingIsNamedByItsPath(String canary, String message) {
        String config = """
            {"metrics":[{"name":"ok","groups":["g"]},
                        {"name":"bad","groups":["g"],"analysisConfigurations":{"canary":%s}}]}""";

        assertThatThrownBy(() -> KayentaConfig.parse(config.formatted(canary)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"metric\":[] | metric: unknown field, expected one of id, name, applications, configVersion, description, judge, metrics, classifier, templates, createdTimestamp, updatedTimestamp, createdTimestampIso, updatedTimestampIso",
                "\"classifier\":{\"scoreThresholds\":{\"pass\":75,\"marginal\":80}} | classifier.scoreThresholds.marginal: must be <= pass (75), was 80",
                "\"classifier\":{\"scoreThresholds\":{\"pass\":101}} | classifier.scoreThresholds.pass: must be 0..100, was 101",
                "\"classifier\":{\"groupWeights\":{\"g\":-5}} | classifier.groupWeights.g: must be >= 0, was -5.0",
                "\"classifier\":{\"groupWeights\":[]} | classifier.groupWeights: must be an object, was an array",
                "\"judge\":{\"name\":\"dredd-v1.0\"} | judge.name: only NetflixACAJudge-v1.0 is reproduced, was dredd-v1.0",
                "\"judge\":{\"judgeConfigurations\":{\"confLevel\":1.5}} | judge.judgeConfigurations.confLevel: must be between 0 and 1 (exclusive), was 1.5",
                "\"judge\":{\"judgeConfigurations\":{\"tolerence\":0.1}} | judge.judgeConfigurations.tolerence: unknown field, expected one of tolerance, confLevel",
            })
    void aBadTopLevelFieldIsNamedByItsPath(String field, String message) {
        String config = "{" + field + ",\"metrics\":[{\"name\":\"m\",\"groups\":[\"g\"]}]}";

        assertThatThrownBy(() -> KayentaConfig.parse(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void metricsNeedANameAGroupAndUniqueNames() {
        assertThatThrownBy(() -> KayentaConfig.parse("{\"metrics\":[{\"groups\":[\"g\"]}]}"))
                .hasMessage("metrics[0].name: is required");
        assertThatThrownBy(() -> KayentaConfig.parse("{\"metrics\":[{\"name\":\"m\"}]}"))
                .hasMessage("metrics[0].groups: must name at least one group (Kayenta scores metrics by group)");
        assertThatThrownBy(() -> KayentaConfig.parse(
                        "{\"metrics\":[{\"name\":\"m\",\"groups\":[\"g\"]},{\"name\":\"m\",\"groups\":[\"g\"]}]}"))
                .hasMessage("metrics[1].name: duplicate of metrics[0].name: m");
        assertThatThrownBy(() -> KayentaConfig.parse("{\"metrics\":[]}"))
                .hasMessage("metrics: must name at least one metric");
        assertThatThrownBy(() -> KayentaConfig.parse("[]")).hasMessage("config: must be an object, was an array");
        assertThatThrownBy(() -> KayentaConfig.parse("{\"metrics\":[{\"name\":\"m\",\"groups\":[\"g\"],\"query\":7}]}"))
                .hasMessage("metrics[0].query: must be an object, was 7");
    }

    @Test
    void errorsUnderARequestFieldCarryItsPath() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        assertThatThrownBy(() -> KayentaConfig.parse(json, "config")).hasMessage("config.metrics: is required");
    }
}
