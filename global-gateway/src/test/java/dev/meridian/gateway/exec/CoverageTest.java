package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoverageTest {
    @Test
    void coverageRendersOneObjectPerRegionWithErrorOrReasonWhenThereIsOne() throws Exception {
        CoverageRecorder recorder = new CoverageRecorder(List.of("eu-west", "us-east", "ap-south"),
                Map.of("ap-south", "pruned: external label region=\"ap-south\" does not match region=\"eu-west\""));
        recorder.answered("eu-west", 12, 3600, 1234, 15_234_000);
        recorder.answered("eu-west", 1, 10, 100, 3_000_000);
        recorder.failed("us-east", RegionStatus.TIMEOUT, "timeout after 2s", 2_000_000_000L);
        recorder.failed("us-east", RegionStatus.ERROR, "later failure", 1);

        Coverage coverage = recorder.snapshot();
        assertThat(coverage.failed()).extracting(RegionCoverage::region).containsExactly("us-east");
        assertThat(coverage.answered()).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(coverage.toJson());
        assertThat(json.toString()).isEqualTo("[{\"region\":\"eu-west\",\"status\":\"ok\",\"series\":13,\"samples\":3610,"
                + "\"bytes\":1334,\"latencyMs\":15.2},"
                + "{\"region\":\"us-east\",\"status\":\"timeout\",\"series\":0,\"samples\":0,\"bytes\":0,"
                + "\"latencyMs\":2000,\"error\":\"timeout after 2s\"},"
                + "{\"region\":\"ap-south\",\"status\":\"skipped\",\"series\":0,\"samples\":0,\"bytes\":0,"
                + "\"latencyMs\":0,\"reason\":\"pruned: external label region=\\\"ap-south\\\" does not match region=\\\"eu-west\\\"\"}]");
        assertThat(coverage.toJson()).isEqualTo(json.toString());
    }
}
