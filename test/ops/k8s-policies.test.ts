import { envSchema } from '@app/config';
import { QueueName } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { OVERLAYS } from './support/ops-paths.js';
import { byKind, find, kustomize, type K8sObject } from './support/render.js';

/* Loose shapes of the fields these checks read. */
interface Probe { httpGet?: { path: string }; exec?: { command: string[] } }
interface Container {
  name: string;
  image: string;
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: Probe };
  ports?: { name?: string; containerPort: number }[];
}
interface PodSpec { containers: Container[]; terminationGracePeriodSeconds?: number }
type Workload = K8sObject & { spec: { replicas?: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } } };

const APP_DEPLOYMENTS = ['goorm-api', 'goorm-worker'];
/** The worker's drain budget on SIGTERM (finish in-flight jobs, flush the commit batch). */
const WORKER_DRAIN_SECONDS = 60;

const preStopSeconds = (c: Container) => Number(c.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  const objects = kustomize(`k8s/overlays/${overlay}`);
  const namespace = `goorm-${overlay}`;
  const deployments = byKind(objects, 'Deployment') as Workload[];
  const workloads = [...deployments, ...(byKind(objects, 'StatefulSet') as Workload[])];
  const config = byKind(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('goorm-config'))! as K8sObject & { data: Record<string, string> };

  it('puts every namespaced object in its namespace', () => {
    const stray = objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== namespace).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(stray).toEqual([]);
  });

  it('commits no Secret, and every secret reference names goorm-secrets', () => {
    expect(byKind(objects, 'Secret')).toEqual([]);
    const refs = workloads.flatMap((w) => w.spec.template.spec.containers.flatMap((c) => (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : []))));
    expect(refs.length).toBeGreaterThan(0);
    expect(new Set(refs)).toEqual(new Set(['goorm-secrets']));
  });

  it('gives the app only environment variables that libs/config knows', () => {
    const known = new Set(Object.keys(envSchema.shape));
    expect(Object.keys(config.data).filter((k) => !known.has(k))).toEqual([]);
    const appContainers = [...deployments, ...(byKind(objects, 'Job') as Workload[])]
      .filter((w) => w.metadata.name !== 'goorm-web')
      .flatMap((w) => w.spec.template.spec.containers);
    for (const c of appContainers) {
      expect((c.env ?? []).map((e) => e.name).filter((n) => !known.has(n)), c.name).toEqual([]);
      expect(c.envFrom?.map((e) => e.configMapRef?.name), c.name).toEqual([config.metadata.name]);
    }
  });

  it('probes liveness on process health only and readiness on dependencies', () => {
    for (const name of APP_DEPLOYMENTS) {
      const c = find(deployments, 'Deployment', name).spec!.template as Workload['spec']['template'];
      const container = c.spec.containers[0]!;
      expect(container.livenessProbe?.httpGet?.path, name).toBe('/health/live');
      expect(container.readinessProbe?.httpGet?.path, name).toBe('/health/ready');
    }
    for (const w of workloads) {
      for (const c of w.spec.template.spec.containers) {
        expect(c.livenessProbe, `${w.metadata.name}/${c.name} liveness`).toBeDefined();
        expect(c.readinessProbe, `${w.metadata.name}/${c.name} readiness`).toBeDefined();
      }
    }
  });

  it('sets requests and a memory limit on every container, and pins every image', () => {
    for (const w of [...workloads, ...(byKind(objects, 'Job') as Workload[])]) {
      for (const c of w.spec.template.spec.containers) {
        expect(c.resources?.requests?.cpu, `${c.name} cpu request`).toBeTruthy();
        expect(c.resources?.requests?.memory, `${c.name} memory request`).toBeTruthy();
        expect(c.resources?.limits?.memory, `${c.name} memory limit`).toBeTruthy();
        expect(c.image, c.name).toMatch(/:[\w.-]+$/);
        expect(c.image, c.name).not.toMatch(/:latest$/);
      }
    }
  });

  it('gives every pod time to finish: grace period above preStop, and the worker its whole drain', () => {
    for (const d of deployments) {
      const spec = d.spec.template.spec;
      const container = spec.containers[0]!;
      expect(container.lifecycle?.preStop, `${d.metadata.name} preStop`).toBeDefined();
      expect(spec.terminationGracePeriodSeconds ?? 30, d.metadata.name).toBeGreaterThan(preStopSeconds(container));
    }
    const worker = find(deployments, 'Deployment', 'goorm-worker') as Workload;
    expect(worker.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStopSeconds(worker.spec.template.spec.containers[0]!) + WORKER_DRAIN_SECONDS);
  });

  it('lets the autoscalers own replica counts, within reachable bounds', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'goorm-api').spec as { minReplicas: number; maxReplicas: number; scaleTargetRef: { name: string } };
    const so = find(objects, 'ScaledObject', 'goorm-worker').spec as {
      minReplicaCount: number; maxReplicaCount: number; scaleTargetRef: { name: string };
      triggers: { type: string; metadata: Record<string, string> }[];
    };
    for (const target of [hpa.scaleTargetRef.name, so.scaleTargetRef.name]) {
      expect(find(deployments, 'Deployment', target).spec!.replicas, `${target} must not set replicas`).toBeUndefined();
    }
    expect(hpa.minReplicas).toBeLessThanOrEqual(hpa.maxReplicas);
    const api = find(deployments, 'Deployment', 'goorm-api') as Workload;
    expect(api.spec.template.spec.containers[0]!.resources?.requests?.cpu, 'a CPU-utilisation HPA needs a CPU request').toBeTruthy();
    expect(so.minReplicaCount).toBeLessThanOrEqual(so.maxReplicaCount);
    const cron = so.triggers.find((t) => t.type === 'cron')!;
    expect(Number(cron.metadata.desiredReplicas)).toBeGreaterThan(so.minReplicaCount);
    expect(Number(cron.metadata.desiredReplicas)).toBeLessThanOrEqual(so.maxReplicaCount);
  });

  it('scales workers on the BullMQ wait list the app really uses, at an address KEDA can reach', () => {
    const so = find(objects, 'ScaledObject', 'goorm-worker').spec as { triggers: { type: string; metadata: Record<string, string> }[] };
    const redis = so.triggers.find((t) => t.type === 'redis')!.metadata;
    expect(redis.listName).toBe(`${config.data.REDIS_PREFIX}:bull:${QueueName.ENROLLMENT}:wait`);
    const host = redis.address!.replace(/:\d+$/, '');
    const svc = find(objects, 'Service', 'goorm-redis').spec as { type?: string; externalName?: string };
    // KEDA's operator lives in another namespace: a short service name would not resolve there.
    expect(host).toBe(svc.type === 'ExternalName' ? svc.externalName : `goorm-redis.${namespace}.svc.cluster.local`);
  });

  it('covers every Deployment with a PodDisruptionBudget that cannot block node drains', () => {
    const pdbs = byKind(objects, 'PodDisruptionBudget') as (K8sObject & { spec: { maxUnavailable?: number; selector: { matchLabels: Record<string, string> } } })[];
    for (const d of deployments) {
      const pdb = pdbs.find((p) => matches(p.spec.selector.matchLabels, d.spec.template.metadata.labels));
      expect(pdb, d.metadata.name).toBeDefined();
      expect(pdb!.spec.maxUnavailable, d.metadata.name).toBeGreaterThanOrEqual(1);
    }
  });

  it('denies all traffic by default and selects every Service and ServiceMonitor target correctly', () => {
    expect(find(objects, 'NetworkPolicy', 'default-deny-all').spec).toMatchObject({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    for (const svc of byKind(objects, 'Service') as (K8sObject & { spec: { selector?: Record<string, string> } })[]) {
      if (!svc.spec.selector) continue;
      expect(workloads.some((w) => matches(svc.spec.selector!, w.spec.template.metadata.labels)), svc.metadata.name).toBe(true);
    }
    for (const sm of byKind(objects, 'ServiceMonitor') as (K8sObject & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] } })[]) {
      const svc = byKind(objects, 'Service').find((s) => matches(sm.spec.selector.matchLabels, s.metadata.labels ?? {})) as (K8sObject & { spec: { ports: { name: string }[] } }) | undefined;
      expect(svc, sm.metadata.name).toBeDefined();
      expect(svc!.spec.ports.map((p) => p.name)).toContain(sm.spec.endpoints[0]!.port);
      expect(sm.spec.endpoints[0]!.path).toBe('/metrics');
    }
  });

  it('routes the ingress to existing Services and ports', () => {
    const ingress = find(objects, 'Ingress', 'goorm').spec as { rules: { http: { paths: { path: string; backend: { service: { name: string; port: { name: string } } } }[] } }[] };
    const paths = ingress.rules[0]!.http.paths;
    expect(paths.map((p) => p.path)).toEqual(['/api', '/']);
    for (const p of paths) {
      const svc = find(objects, 'Service', p.backend.service.name) as K8sObject & { spec: { ports: { name: string }[] } };
      expect(svc.spec.ports.map((x) => x.name)).toContain(p.backend.service.port.name);
    }
  });
});

describe('dev datastores', () => {
  const objects = kustomize('k8s/overlays/dev');

  it('Redis runs with AOF and noeviction', () => {
    const conf = byKind(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('goorm-redis-config')) as K8sObject & { data: Record<string, string> };
    const redisConf = conf.data['redis.conf']!;
    expect(redisConf).toMatch(/^appendonly yes$/m);
    expect(redisConf).toMatch(/^maxmemory-policy noeviction$/m);
    expect(redisConf).toMatch(/^maxmemory \d+mb$/m);
  });

  it('Redis and MySQL are StatefulSets with volumes', () => {
    for (const name of ['goorm-redis', 'goorm-mysql']) {
      const sts = find(objects, 'StatefulSet', name).spec as { volumeClaimTemplates: unknown[] };
      expect(sts.volumeClaimTemplates.length, name).toBe(1);
    }
  });
});

describe('prod datastores', () => {
  it('are external: ExternalName Services, no StatefulSets', () => {
    const objects = kustomize('k8s/overlays/prod');
    expect(byKind(objects, 'StatefulSet')).toEqual([]);
    for (const name of ['goorm-redis', 'goorm-mysql']) {
      expect((find(objects, 'Service', name).spec as { type: string }).type).toBe('ExternalName');
    }
  });
});
