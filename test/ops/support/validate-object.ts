import type { K8sObject } from './render.js';

type Validating = new (data: unknown) => { validate(): void; toJSON(): unknown };
type ModelGroup = Record<string, unknown>;

/** Schemas by apiVersion: Kubernetes itself plus the CRDs this repo uses. */
const GROUPS: Record<string, () => Promise<ModelGroup>> = {
  v1: () => import('kubernetes-models/v1'),
  'apps/v1': () => import('kubernetes-models/apps/v1'),
  'batch/v1': () => import('kubernetes-models/batch/v1'),
  'policy/v1': () => import('kubernetes-models/policy/v1'),
  'autoscaling/v2': () => import('kubernetes-models/autoscaling/v2'),
  'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
  'keda.sh/v1alpha1': () => import('@kubernetes-models/keda/keda.sh/v1alpha1'),
  'argoproj.io/v1alpha1': () => import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1'),
  'monitoring.coreos.com/v1': () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1'),
};

/**
 * Problems with one object: schema errors, plus fields the schema does not know. The models'
 * validators ignore unknown fields (a misspelt `readinesProbe` would pass), so the object is
 * wrapped in proxies that record which keys the validator asks for; a key the validator
 * never asked for, in an object it probed for others, is unknown. Free-form maps (labels,
 * KEDA trigger metadata) are read key by key, so they do not trip this.
 */
export async function validateObject(obj: K8sObject): Promise<string[]> {
  const where = `${obj.kind}/${obj.metadata?.name}`;
  const loader = GROUPS[obj.apiVersion];
  if (!loader) return [`${where}: no schema for apiVersion ${obj.apiVersion}`];
  const Model = (await loader())[obj.kind] as Validating | undefined;
  if (typeof Model !== 'function') return [`${where}: no schema for ${obj.apiVersion} ${obj.kind}`];
  const model = new Model(obj);
  const tracked = trackReads(structuredClone(obj));
  try {
    model.validate.call(tracked.proxy);
  } catch (err) {
    return [`${where}: ${err instanceof Error ? err.message : String(err)}`];
  }
  return tracked.unread().map((p) => `${where}: unknown field ${p}`);
}

/**
 * Real fields the compiled schemas never check: the schema generator strips every key named
 * `description` (it takes it for documentation), including properties with that name, such as
 * AppProject.spec.description.
 */
const UNCHECKED_FIELDS = new Set(['description']);

function trackReads(root: object) {
  const info = new Map<object, { path: string; probed: Set<string> }>();
  const proxies = new Map<object, object>();
  const wrap = (value: unknown, path: string): unknown => {
    if (!value || typeof value !== 'object') return value;
    const known = proxies.get(value);
    if (known) return known;
    // Every key the validator asks for, present or not: an object whose schema lists
    // properties gets probed for them even when none is set (e.g. a misspelt `limts`).
    const probed = new Set<string>();
    info.set(value, { path, probed });
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string' || key in Object.prototype) return v;
        probed.add(key);
        return Object.hasOwn(target, key) ? wrap(v, `${path}/${key}`) : v;
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  const proxy = wrap(root, '') as object;
  return {
    proxy,
    unread(): string[] {
      const out: string[] = [];
      for (const [obj, { path, probed }] of info) {
        if (Array.isArray(obj) || probed.size === 0) continue;
        for (const key of Object.keys(obj)) if (!probed.has(key) && !UNCHECKED_FIELDS.has(key)) out.push(`${path}/${key}`);
      }
      return out;
    },
  };
}
