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
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
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

    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CnpgCluster.class),
            Map.entry("multicluster.x-k8s.io/v1alpha1/ServiceExport", ServiceExport.class),
            Map.entry("postgresql.cnpg.io/v1/ScheduledBackup", ScheduledBackup.class),
            Map.entry("barmancloud.cnpg.io/v1/ObjectStore", ObjectStore.class),
            Map.entry("cert-manager.io/v1/Certificate", Certificate.class),
            Map.entry("cert-manager.io/v1/Issuer", Issuer.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class));

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

    /** CloudNativePG's ScheduledBackup (postgresql.cnpg.io/v1 API reference). */
    record ScheduledBackup(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
        record Spec(String schedule, Boolean immediate, String backupOwnerReference, Name cluster, String method,
                    Name pluginConfiguration, String target) {
        }
    }

    record Name(String name) {
    }

    record NameKey(String name, String key) {
    }

    /** The Barman Cloud plugin's ObjectStore (barmancloud.cnpg.io/v1; configuration as the in-tree barmanObjectStore). */
    record ObjectStore(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
        record Spec(String retentionPolicy, Configuration configuration) {
        }

        record Configuration(String destinationPath, String endpointURL, S3Credentials s3Credentials, Wal wal, Data data) {
        }

        record S3Credentials(NameKey accessKeyId, NameKey secretAccessKey, NameKey region, NameKey sessionToken,
                             Boolean inheritFromIAMRole) {
        }

        record Wal(String compression, Integer maxParallel) {
        }

        record Data(String compression, Integer jobs) {
        }
    }

    /** cert-manager's Certificate (cert-manager.io/v1). */
    record Certificate(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
        record Spec(String secretName, String duration, String renewBefore, PrivateKey privateKey, List<String> dnsNames,
                    IssuerRef issuerRef) {
        }

        record PrivateKey(String algorithm, Integer size, String rotationPolicy) {
        }

        record IssuerRef(String name, String kind, String group) {
        }
    }

    /** cert-manager's Issuer, CA type only (cert-manager.io/v1). */
    record Issuer(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
        record Spec(Ca ca) {
        }

        record Ca(String secretName) {
        }
    }

    /** The Prometheus Operator's PodMonitor (monitoring.coreos.com/v1). */
    record PodMonitor(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
        record Spec(LabelSelector selector, List<Endpoint> podMetricsEndpoints) {
        }

        record Endpoint(String port, String path, String interval) {
        }
    }

    record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

        record Spec(int instances, String imageName, String primaryUpdateStrategy, Bootstrap bootstrap, Replica replica,
                    Certificates certificates, Postgresql postgresql, Integer minSyncReplicas, Integer maxSyncReplicas,
                    List<Plugin> plugins, List<ExternalCluster> externalClusters, Storage storage, Storage walStorage,
                    List<TopologySpreadConstraint> topologySpreadConstraints, Affinity affinity, Boolean enablePDB,
                    ResourceRequirements resources, Backup backup) {
        }

        /** Only to be rejected: the deprecated in-tree barmanObjectStore must not come back. */
        record Backup(Map<String, Object> barmanObjectStore) {
        }

        record Certificates(List<String> serverAltDNSNames) {
        }

        record Plugin(String name, Boolean isWALArchiver, Map<String, String> parameters) {
        }

        record PluginReference(String name, Map<String, String> parameters) {
        }

        record SyncReplicaElectionConstraint(boolean enabled, List<String> nodeLabelsAntiAffinity) {
        }

        record Bootstrap(Initdb initdb, @JsonProperty("pg_basebackup") PgBasebackup pgBasebackup) {
        }

        record Initdb(String database, String owner, LocalObjectReference secret) {
        }

        record PgBasebackup(String source) {
        }

        record Replica(String self, String primary, String source, String promotionToken, Boolean enabled) {
        }

        record Postgresql(Map<String, String> parameters, Synchronous synchronous,
                          SyncReplicaElectionConstraint syncReplicaElectionConstraint) {
        }

        record Synchronous(String method, int number, Integer maxStandbyNamesFromCluster, List<String> standbyNamesPre,
                           List<String> standbyNamesPost, String dataDurability) {
        }

        record ExternalCluster(String name, Map<String, String> connectionParameters, SecretKeySelector sslKey,
                               SecretKeySelector sslCert, SecretKeySelector sslRootCert, SecretKeySelector password,
                               PluginReference plugin) {
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
