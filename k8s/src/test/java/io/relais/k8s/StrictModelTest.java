package io.relais.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rendered object is a valid object of its kind, with no field the API would not know. */
class StrictModelTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyObjectLoadsIntoItsTypedModel(String overlay) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : Rendered.overlay(overlay)) {
            try {
                StrictModel.load(object);
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @Test
    void aMisspelledFieldIsRejected() {
        ObjectNode deployment = (ObjectNode) Rendered.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  selector:
                    matchLabels: {app: typo}
                  template:
                    metadata:
                      labels: {app: typo}
                    spec:
                      containers:
                        - name: typo
                          image: typo
                          readinessProb:
                            httpGet: {path: /q/health/ready, port: 8080}
                """, "a deployment with a typo").get(0);
        AssertionError error = assertThrows(AssertionError.class, () -> StrictModel.load(deployment));
        assertTrue(error.getMessage().contains("readinessProb"), error.getMessage());
    }

    @Test
    void aMisspelledCloudNativePgFieldIsRejected() {
        ObjectNode cluster = (ObjectNode) Rendered.parse("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: typo
                spec:
                  instances: 3
                  postgresql:
                    synchronus:
                      method: first
                      number: 1
                """, "a cluster with a typo").get(0);
        AssertionError error = assertThrows(AssertionError.class, () -> StrictModel.load(cluster));
        assertTrue(error.getMessage().contains("synchronus"), error.getMessage());
    }
}
