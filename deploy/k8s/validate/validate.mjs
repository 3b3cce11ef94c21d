// Validates rendered Kubernetes manifests offline (deploy/k8s/check runs it
// on `kubectl kustomize` output):
//   node validate.mjs <rendered.yaml>...
// 1. Every object against its Kubernetes JSON schema (kubernetes-models,
//    compiled from the API's OpenAPI definitions); CloudNativePG's Cluster
//    and Pooler, which it has no schema for, against the structural schemas
//    below. An object of a kind with no schema fails: nothing passes unseen.
// 2. The suite's own rules across objects: probes, limits and hardening on
//    every Deployment, a NetworkPolicy for every workload, every address,
//    secret, ConfigMap and database a pod names exists in the same render,
//    three synchronous database instances.
// Prints every problem and exits 1 if there is any.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { parseAllDocuments } from "yaml";

const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);

// --- CloudNativePG (postgresql.cnpg.io/v1), structurally -------------------
// Field names and types follow the operator's CRDs (1.25+: synchronous with
// dataDurability). Unknown fields are refused where the schema lists them,
// so that a misspelt setting fails instead of being dropped by the API.
const resources = {
  type: "object",
  additionalProperties: false,
  properties: {
    requests: { type: "object", additionalProperties: { type: ["string", "integer"] } },
    limits: { type: "object", additionalProperties: { type: ["string", "integer"] } },
  },
};
const metadata = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 },
    namespace: { type: "string" },
    labels: { type: "object", additionalProperties: { type: "string" } },
    annotations: { type: "object", additionalProperties: { type: "string" } },
  },
};
const cnpgSchemas = {
  Cluster: {
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
      apiVersion: { const: "postgresql.cnpg.io/v1" },
      kind: { const: "Cluster" },
      metadata,
      spec: {
        type: "object",
        required: ["instances", "storage"],
        additionalProperties: false,
        properties: {
          instances: { type: "integer", minimum: 1 },
          imageName: { type: "string" },
          primaryUpdateStrategy: { enum: ["supervised", "unsupervised"] },
          primaryUpdateMethod: { enum: ["switchover", "restart"] },
          postgresql: {
            type: "object",
            additionalProperties: false,
            properties: {
              parameters: { type: "object", additionalProperties: { type: "string" } },
              synchronous: {
                type: "object",
                required: ["method", "number"],
                additionalProperties: false,
                properties: {
                  method: { enum: ["any", "first"] },
                  number: { type: "integer", minimum: 1 },
                  dataDurability: { enum: ["required", "preferred"] },
                  maxStandbyNamesFromCluster: { type: "integer", minimum: 0 },
                  standbyNamesPre: { type: "array", items: { type: "string" } },
                  standbyNamesPost: { type: "array", items: { type: "string" } },
                  failoverQuorum: { type: "boolean" },
                },
              },
            },
          },
          bootstrap: {
            type: "object",
            additionalProperties: false,
            properties: {
              initdb: {
                type: "object",
                additionalProperties: false,
                properties: {
                  database: { type: "string" },
                  owner: { type: "string" },
                  secret: {
                    type: "object",
                    required: ["name"],
                    additionalProperties: false,
                    properties: { name: { type: "string" } },
                  },
                  encoding: { type: "string" },
                  localeCollate: { type: "string" },
                  localeCType: { type: "string" },
                },
              },
            },
          },
          certificates: {
            type: "object",
            additionalProperties: false,
            properties: {
              serverCASecret: { type: "string" },
              serverTLSSecret: { type: "string" },
              clientCASecret: { type: "string" },
              replicationTLSSecret: { type: "string" },
              serverAltDNSNames: { type: "array", items: { type: "string" } },
            },
          },
          storage: {
            type: "object",
            required: ["size"],
            additionalProperties: false,
            properties: {
              size: { type: "string", pattern: "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$" },
              storageClass: { type: "string" },
            },
          },
          resources,
          affinity: {
            type: "object",
            additionalProperties: false,
            properties: {
              enablePodAntiAffinity: { type: "boolean" },
              podAntiAffinityType: { enum: ["preferred", "required"] },
              topologyKey: { type: "string" },
              nodeSelector: { type: "object", additionalProperties: { type: "string" } },
            },
          },
          monitoring: {
            type: "object",
            properties: { enablePodMonitor: { type: "boolean" } },
          },
          inheritedMetadata: {
            type: "object",
            additionalProperties: false,
            properties: {
              labels: { type: "object", additionalProperties: { type: "string" } },
              annotations: { type: "object", additionalProperties: { type: "string" } },
            },
          },
        },
      },
    },
  },
  Pooler: {
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
      apiVersion: { const: "postgresql.cnpg.io/v1" },
      kind: { const: "Pooler" },
      metadata,
      spec: {
        type: "object",
        required: ["cluster", "pgbouncer"],
        additionalProperties: false,
        properties: {
          cluster: {
            type: "object",
            required: ["name"],
            additionalProperties: false,
            properties: { name: { type: "string" } },
          },
          instances: { type: "integer", minimum: 0 },
          type: { enum: ["rw", "ro", "r"] },
          pgbouncer: {
            type: "object",
            additionalProperties: false,
            properties: {
              poolMode: { enum: ["session", "transaction"] },
              parameters: { type: "object", additionalProperties: { type: "string" } },
              paused: { type: "boolean" },
            },
          },
          monitoring: {
            type: "object",
            properties: { enablePodMonitor: { type: "boolean" } },
          },
        },
      },
    },
  },
};
const ajv = new Ajv({ allErrors: true, strict: false });
const cnpgValidators = Object.fromEntries(
  Object.entries(cnpgSchemas).map(([kind, schema]) => [kind, ajv.compile(schema)]),
);

async function modelFor(apiVersion, kind) {
  // "apps/v1" -> kubernetes-models/apps/v1/Deployment; "v1" -> .../v1/Service
  if (!/^[a-z0-9.]*\/?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Za-z]+$/.test(kind)) return undefined;
  try {
    return (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch (e) {
    if (e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED" || e.code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw e;
  }
}

async function validateSchema(obj, where) {
  if (typeof obj?.apiVersion !== "string" || typeof obj?.kind !== "string") {
    problem(where, "no apiVersion or kind");
    return;
  }
  if (obj.apiVersion === "postgresql.cnpg.io/v1" && cnpgValidators[obj.kind]) {
    const v = cnpgValidators[obj.kind];
    if (!v(obj)) {
      for (const e of v.errors) problem(where, `${e.instancePath || "/"} ${e.message}`);
    }
    return;
  }
  const Model = await modelFor(obj.apiVersion, obj.kind);
  if (!Model) {
    problem(where, `no schema for ${obj.apiVersion} ${obj.kind}`);
    return;
  }
  if (typeof obj.metadata?.name !== "string" || obj.metadata.name === "") {
    problem(where, "metadata.name is required");
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    problem(where, e.message);
  }
}

// --- the suite's own rules ---------------------------------------------------
const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

function checkSuite(objects) {
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const named = (kind, name) => byKind(kind).find((o) => o.metadata?.name === name);
  const policies = byKind("NetworkPolicy");
  // Created by hand (deploy/README.md) or by the database operator.
  const externalSecrets = new Set(["contactcenter-tokens"]);
  // CloudNativePG makes <cluster>-app (the role's password) and <cluster>-ca.
  for (const c of byKind("Cluster")) {
    externalSecrets.add(`${c.metadata.name}-app`);
    externalSecrets.add(`${c.metadata.name}-ca`);
  }
  // Each service's certificate, key and CA, provided by the operator.
  for (const d of byKind("Deployment")) externalSecrets.add(`${d.metadata.name}-tls`);
  // The gateway's person-token signing key and the console's users.
  if (named("Deployment", "gateway")) externalSecrets.add("gateway-console");
  // intake's SMTP credentials, SMS gateway token and mail relay's CA.
  if (named("Deployment", "intake")) externalSecrets.add("intake-notices");

  if (!policies.some((p) => Object.keys(p.spec?.podSelector ?? {}).length === 0 &&
                            (p.spec?.policyTypes ?? []).includes("Ingress") &&
                            !p.spec?.ingress)) {
    problem("NetworkPolicy", "no default-deny policy (empty podSelector, Ingress, no rules)");
  }

  for (const d of byKind("Deployment")) {
    const where = `Deployment ${d.metadata.name}`;
    const pod = d.spec?.template?.spec ?? {};
    const podLabels = d.spec?.template?.metadata?.labels ?? {};
    const annotations = d.spec?.template?.metadata?.annotations ?? {};
    if (pod.securityContext?.runAsNonRoot !== true) problem(where, "pod must set runAsNonRoot: true");
    if (pod.automountServiceAccountToken !== false) {
      problem(where, "pod must set automountServiceAccountToken: false (it calls no Kubernetes API)");
    }
    if (!pod.serviceAccountName || !named("ServiceAccount", pod.serviceAccountName)) {
      problem(where, `ServiceAccount ${pod.serviceAccountName} is not in the render`);
    }
    const service = named("Service", d.metadata.name);
    if (!service || !matches(service.spec?.selector, podLabels)) {
      problem(where, "no Service of the same name selecting its pods");
    }
    const own = policies.filter((p) => Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length > 0 &&
                                       matches(p.spec.podSelector.matchLabels, podLabels));
    if (!own.some((p) => (p.spec.policyTypes ?? []).includes("Ingress"))) {
      problem(where, "no NetworkPolicy of its own saying who may reach it");
    }
    if (!own.some((p) => (p.spec.policyTypes ?? []).includes("Egress"))) {
      problem(where, "no NetworkPolicy of its own saying what it may reach");
    }
    for (const v of pod.volumes ?? []) {
      if (v.configMap && !named("ConfigMap", v.configMap.name)) {
        problem(where, `volume ${v.name}: ConfigMap ${v.configMap.name} is not in the render`);
      }
      if (v.secret && !externalSecrets.has(v.secret.secretName)) {
        problem(where, `volume ${v.name}: secret ${v.secret.secretName} is unknown`);
      }
    }
    for (const c of pod.containers ?? []) {
      const cw = `${where} container ${c.name}`;
      const port = (name) => (c.ports ?? []).find((p) => p.name === name)?.containerPort;
      const grpc = port("grpc");
      const metrics = port("metrics");
      if (!metrics) problem(cw, "needs a port named metrics");
      if (!grpc && !port("http")) problem(cw, "needs a port named grpc or http");
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        // A gRPC server is probed through its health service, over TLS (the
        // kubelet's gRPC probe speaks none): cc_health_probe in the
        // container; a service without one (a gateway) at least for an open
        // port.
        const cmd = c[probe]?.exec?.command ?? [];
        const tlsHealth = cmd[0] === "cc_health_probe" && cmd[1] === `127.0.0.1:${grpc}` &&
                          cmd.includes("--tls_ca") && !cmd.includes("--plaintext");
        if (grpc ? !tlsHealth : !c[probe]) {
          problem(cw, grpc ? `${probe} must run cc_health_probe over TLS on port ${grpc}`
                           : `${probe} missing`);
        }
      }
      for (const kind of ["requests", "limits"]) {
        for (const r of ["cpu", "memory"]) {
          if (c.resources?.[kind]?.[r] === undefined) problem(cw, `resources.${kind}.${r} missing`);
        }
      }
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) problem(cw, "allowPrivilegeEscalation must be false");
      if (sc.readOnlyRootFilesystem !== true) problem(cw, "readOnlyRootFilesystem must be true");
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) problem(cw, "capabilities must drop ALL");
      if (annotations["prometheus.io/scrape"] !== "true" ||
          Number(annotations["prometheus.io/port"]) !== metrics) {
        problem(cw, `pod annotations must have Prometheus scrape port ${metrics}`);
      }
      // Environment taken whole from a ConfigMap must come with the render.
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef && !named("ConfigMap", ef.configMapRef.name)) {
          problem(cw, `envFrom: ConfigMap ${ef.configMapRef.name} is not in the render`);
        }
        if (ef.secretRef && !externalSecrets.has(ef.secretRef.name)) {
          problem(cw, `envFrom: secret ${ef.secretRef.name} is unknown`);
        }
      }
      const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
      for (const required of ["TOKENS_FILE", "SERVICE_TOKEN", "METRICS_PORT", "TLS_CERT",
                              "TLS_KEY", "TLS_CA"]) {
        if (!env[required]) problem(cw, `env ${required} missing`);
      }
      if (env.INSECURE_PLAINTEXT_FOR_TESTS_ONLY) problem(cw, "plaintext is for tests only");
      if (grpc && Number(env.GRPC_PORT?.value) !== grpc) problem(cw, "GRPC_PORT differs from the grpc port");
      if (Number(env.METRICS_PORT?.value) !== metrics) problem(cw, "METRICS_PORT differs from the metrics port");
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref && !externalSecrets.has(ref.name)) problem(cw, `env ${e.name}: secret ${ref.name} is unknown`);
        if (/_ADDR$/.test(e.name)) {
          const [host, p] = String(e.value).split(":");
          const target = named("Service", host);
          if (!target || !(target.spec?.ports ?? []).some((sp) => sp.port === Number(p))) {
            problem(cw, `env ${e.name}=${e.value}: no Service ${host} with port ${p}`);
          }
        }
      }
      // A service with a database reaches it through its pooler.
      const dsnHost = /^postgresql:\/\/[^@]+@([^:/]+)/.exec(env.DB_DSN?.value ?? "")?.[1];
      if ((env.DB_DSN || named("Cluster", `${d.metadata.name}-db`)) && !named("Pooler", dsnHost)) {
        problem(cw, `DB_DSN must point at a Pooler in the render (host ${dsnHost})`);
      }
      if (env.DB_DSN && !/[?&]sslmode=verify-full(&|$)/.test(env.DB_DSN.value ?? "")) {
        problem(cw, "DB_DSN must have sslmode=verify-full");
      }
    }
  }

  for (const c of byKind("Cluster")) {
    const where = `Cluster ${c.metadata.name}`;
    if ((c.spec?.instances ?? 0) < 3) problem(where, "needs at least 3 instances");
    const sync = c.spec?.postgresql?.synchronous;
    if (!(sync?.number >= 1) || sync?.dataDurability !== "required") {
      problem(where, "needs synchronous replication to at least one standby, dataDurability: required");
    }
    if (!byKind("Pooler").some((p) => p.spec?.cluster?.name === c.metadata.name)) {
      problem(where, "has no Pooler");
    }
  }
  for (const p of byKind("Pooler")) {
    if (!named("Cluster", p.spec?.cluster?.name)) {
      problem(`Pooler ${p.metadata.name}`, `Cluster ${p.spec?.cluster?.name} is not in the render`);
    }
  }
}

// --- main --------------------------------------------------------------------
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs <rendered.yaml>...");
  process.exit(2);
}
for (const file of files) {
  const objects = [];
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [i, doc] of docs.entries()) {
    const where = `${file} #${i + 1}`;
    for (const e of doc.errors) problem(where, e.message);
    const obj = doc.toJS();
    if (obj == null) continue;
    await validateSchema(obj, `${where} ${obj.kind} ${obj.metadata?.name}`);
    objects.push(obj);
  }
  if (objects.length === 0) problem(file, "no objects");
  checkSuite(objects);
  console.log(`${file}: ${objects.length} objects`);
}
if (problems.length > 0) {
  for (const p of problems) console.error(`invalid: ${p}`);
  process.exit(1);
}
