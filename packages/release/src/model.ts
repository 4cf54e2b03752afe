/**
 * The release manifest model: TypeScript mirrors of `release-manifest.schema.json`
 * (spec, JSON Schema draft 2020-12). One interface per schema definition, with the same
 * property names; `test/model.test.ts` checks these key lists against the schema so the
 * two cannot drift apart.
 *
 * Naming: the schema's `definitions/ReleaseManifest` is the inner `manifest` object; the
 * whole file (`release.json`: `manifest` + `profiles` + `channels`) is what tools pass
 * around, so the file is `ReleaseManifest` here and the inner object `ManifestBody`.
 */

/** The whole `release.json` document (the schema's root). */
export interface ReleaseManifest {
  manifest: ManifestBody;
  profiles?: DeploymentProfile[];
  channels?: ReleaseChannel[];
}

/** `definitions/ReleaseManifest`: the release itself. */
export interface ManifestBody {
  release_id: string;
  /** semver `^[0-9]+\.[0-9]+\.[0-9]+(-[a-z0-9.]+)?$` */
  version: string;
  codename?: string;
  /** RFC 3339 date-time */
  released_at?: string;
  release_notes_url?: string;
  services: ServiceRelease[];
  infrastructure?: InfrastructureRequirements;
  migrations?: MigrationStep[];
  breaking_changes?: BreakingChange[];
  signatures?: ReleaseSignature[];
  /** `sha256:` of the RFC 8785 canonical JSON of the manifest without this field and `signatures`. */
  manifest_digest?: string;
}

export interface ServiceRelease {
  service_id: string;
  name?: string;
  /** repository without tag */
  image: string;
  tag?: string;
  /** `sha256:<64 hex>` */
  digest: string;
  version?: string;
  config_version?: string;
  ports?: PortMapping[];
  health_check?: HealthCheckConfig;
  resources?: ResourceRequirements;
  dependencies?: string[];
  environment_defaults?: Record<string, string>;
  sbom_ref?: string;
  attestation_ref?: string;
}

export interface PortMapping {
  name?: string;
  container_port: number;
  protocol?: "tcp" | "udp";
  service_port?: number;
}

export interface HealthCheckConfig {
  path?: string;
  port?: number;
  interval_seconds?: number;
  timeout_seconds?: number;
  failure_threshold?: number;
  success_threshold?: number;
}

export interface ResourceRequirements {
  cpu_request?: string;
  cpu_limit?: string;
  memory_request?: string;
  memory_limit?: string;
  storage?: string;
}

export interface InfrastructureRequirements {
  kubernetes_version?: string;
  docker_version?: string;
  databases?: DatabaseRequirement[];
  external_services?: ExternalServiceRequirement[];
}

export interface DatabaseRequirement {
  type: "mongodb" | "postgres" | "redis" | "rabbitmq";
  min_version: string;
  recommended_version?: string;
  storage_estimate?: string;
}

export interface ExternalServiceRequirement {
  service: string;
  required: boolean;
  description?: string;
  default_url?: string;
}

export interface MigrationStep {
  migration_id: string;
  type: "database" | "config" | "data" | "manual";
  description: string;
  from_version?: string;
  to_version?: string;
  reversible?: boolean;
  script_path?: string;
  estimated_duration?: string;
  requires_downtime?: boolean;
}

export interface BreakingChange {
  change_id: string;
  service?: string;
  description: string;
  impact?: "api" | "config" | "data" | "behavior";
  migration_guide: string;
  affected_versions?: string;
}

export interface ReleaseSignature {
  signature_type: "cosign" | "gpg" | "dsse";
  signature: string;
  key_id?: string;
  signed_at?: string;
  rekor_log_index?: number;
}

export type ProfileId = "development" | "staging" | "production" | "airgap";

export interface ServiceOverride {
  replicas?: number;
  resources?: ResourceRequirements;
  environment?: Record<string, string>;
}

export interface DeploymentProfile {
  profile_id: ProfileId;
  name: string;
  description?: string;
  service_overrides?: Record<string, ServiceOverride>;
  feature_flags?: Record<string, boolean>;
}

/** The schema's channel ids; see `channels.ts` for how they map to the trains LTS/stable/edge. */
export type SchemaChannelId = "stable" | "beta" | "alpha" | "nightly";

export interface ReleaseChannel {
  channel_id: SchemaChannelId;
  name: string;
  description?: string;
  current_version?: string;
  manifest_url?: string;
  update_frequency?: string;
}

/**
 * Property names per schema definition, checked against the schema by a test (the types
 * above are hand-written; this list is how drift is caught).
 */
export const MODEL_KEYS = {
  "": ["manifest", "profiles", "channels"],
  ReleaseManifest: ["release_id", "version", "codename", "released_at", "release_notes_url", "services", "infrastructure", "migrations", "breaking_changes", "signatures", "manifest_digest"],
  ServiceRelease: ["service_id", "name", "image", "tag", "digest", "version", "config_version", "ports", "health_check", "resources", "dependencies", "environment_defaults", "sbom_ref", "attestation_ref"],
  PortMapping: ["name", "container_port", "protocol", "service_port"],
  HealthCheckConfig: ["path", "port", "interval_seconds", "timeout_seconds", "failure_threshold", "success_threshold"],
  ResourceRequirements: ["cpu_request", "cpu_limit", "memory_request", "memory_limit", "storage"],
  InfrastructureRequirements: ["kubernetes_version", "docker_version", "databases", "external_services"],
  DatabaseRequirement: ["type", "min_version", "recommended_version", "storage_estimate"],
  ExternalServiceRequirement: ["service", "required", "description", "default_url"],
  MigrationStep: ["migration_id", "type", "description", "from_version", "to_version", "reversible", "script_path", "estimated_duration", "requires_downtime"],
  BreakingChange: ["change_id", "service", "description", "impact", "migration_guide", "affected_versions"],
  ReleaseSignature: ["signature_type", "signature", "key_id", "signed_at", "rekor_log_index"],
  DeploymentProfile: ["profile_id", "name", "description", "service_overrides", "feature_flags"],
  ReleaseChannel: ["channel_id", "name", "description", "current_version", "manifest_url", "update_frequency"],
} as const satisfies Record<string, readonly string[]>;
