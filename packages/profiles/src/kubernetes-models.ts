/**
 * The Kubernetes API schemas we validate against, from `kubernetes-models` (generated
 * from the upstream OpenAPI); static imports so the bundle carries only these kinds.
 */
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Pod } from "kubernetes-models/v1/Pod";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { ReplicaSet } from "kubernetes-models/apps/v1/ReplicaSet";
import { Job } from "kubernetes-models/batch/v1/Job";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";

export interface ModelError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

interface ModelClass {
  new (data: never): { validate(): void };
}

const MODELS: Readonly<Record<string, ModelClass>> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Pod": Pod,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "apps/v1/DaemonSet": DaemonSet,
  "apps/v1/ReplicaSet": ReplicaSet,
  "batch/v1/Job": Job,
  "batch/v1/CronJob": CronJob,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
};

function isModelError(e: unknown): e is ModelError {
  return typeof e === "object" && e !== null && typeof (e as { instancePath?: unknown }).instancePath === "string";
}

/** A validator for apiVersion/kind returning every schema error, or undefined for unknown kinds. */
export function kubernetesModel(apiVersion: string, kind: string): ((obj: object) => ModelError[]) | undefined {
  const Model = MODELS[`${apiVersion}/${kind}`];
  if (!Model) return undefined;
  return (obj) => {
    try {
      new Model(obj as never).validate();
      return [];
    } catch (e) {
      const errors: unknown = (e as { errors?: unknown }).errors;
      if (Array.isArray(errors)) return errors.filter(isModelError);
      return [{ instancePath: "", message: e instanceof Error ? e.message : String(e) }];
    }
  };
}
