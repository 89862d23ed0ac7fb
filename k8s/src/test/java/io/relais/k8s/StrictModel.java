package io.relais.k8s;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.List;
import java.util.Map;

/**
 * Loads rendered objects into typed models with unknown fields rejected, so that a typo such as
 * {@code readinessProb} fails the build instead of being silently dropped by the API server.
 *
 * <p>Built-in kinds use fabric8's Kubernetes model. Its classes keep unknown fields in an
 * "additional properties" map; this mapper switches that off. CloudNativePG's {@code Cluster}
 * and the Multi-Cluster Services {@code ServiceExport} are modelled below for the fields Relais
 * uses, after their API references (cloudnative-pg.v1 API reference; KEP-1645): a field outside
 * them fails too — check the reference, then add it here.
 */
final class StrictModel {

    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "postgresql.cnpg.io/v1/Cluster", CnpgCluster.class,
            "multicluster.x-k8s.io/v1alpha1/ServiceExport", ServiceExport.class);

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }

                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                    JsonIgnoreProperties.Value declared = super.findPropertyIgnoralByName(config, a);
                    return declared == null ? null : declared.withoutIgnoreUnknown();
                }
            })
            .build();

    private StrictModel() {
    }

    /** The typed object, or an AssertionError naming the object and the unknown or mistyped field. */
    static Object load(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<?> model = KINDS.get(type);
        if (model == null) {
            throw new AssertionError(Rendered.key(object) + ": no typed model for " + type
                    + "; add one to StrictModel (from the kind's API reference) before shipping it");
        }
        try {
            return STRICT.treeToValue(object, model);
        } catch (Exception e) {
            throw new AssertionError(Rendered.key(object) + " does not load as " + type + ": " + e.getMessage(), e);
        }
    }

    record ServiceExport(String apiVersion, String kind, ObjectMeta metadata) {
    }

    record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

        record Spec(int instances, String imageName, String primaryUpdateStrategy, Bootstrap bootstrap, Replica replica,
                    Postgresql postgresql, List<ExternalCluster> externalClusters, Storage storage, Storage walStorage,
                    Affinity affinity, ResourceRequirements resources) {
        }

        record Bootstrap(Initdb initdb, @JsonProperty("pg_basebackup") PgBasebackup pgBasebackup) {
        }

        record Initdb(String database, String owner, LocalObjectReference secret) {
        }

        record PgBasebackup(String source) {
        }

        record Replica(String self, String primary, String source, String promotionToken, Boolean enabled) {
        }

        record Postgresql(Map<String, String> parameters, Synchronous synchronous) {
        }

        record Synchronous(String method, int number, Integer maxStandbyNamesFromCluster, List<String> standbyNamesPre,
                           List<String> standbyNamesPost, String dataDurability) {
        }

        record ExternalCluster(String name, Map<String, String> connectionParameters, SecretKeySelector sslKey,
                               SecretKeySelector sslCert, SecretKeySelector sslRootCert, SecretKeySelector password) {
        }

        record SecretKeySelector(String name, String key) {
        }

        record LocalObjectReference(String name) {
        }

        record Storage(String size, String storageClass) {
        }

        record Affinity(Boolean enablePodAntiAffinity, String podAntiAffinityType, String topologyKey) {
        }
    }
}
