import { describe, expect, it } from 'vitest';
import { at, OVERLAYS } from './support/ops-paths.js';
import { kustomize, readYaml, type K8sObject } from './support/render.js';
import { validateObject } from './support/validate-object.js';

/** Every object of every kustomization renders and matches its schema, with no unknown fields. */
describe('Kubernetes objects validate against their schemas', () => {
  const roots = [...OVERLAYS.map((o) => `k8s/overlays/${o}`), 'argocd', 'grafana'];

  it.each(roots)('%s renders and every object validates', async (dir) => {
    const objects = kustomize(dir);
    expect(objects.length).toBeGreaterThan(0);
    const problems = (await Promise.all(objects.map(validateObject))).flat();
    expect(problems).toEqual([]);
  });

  it('the schema check catches a wrong type and a misspelt field', async () => {
    const deployment = kustomize('k8s/overlays/dev').find((o) => o.kind === 'Deployment')!;
    const broken = structuredClone(deployment) as K8sObject & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    const container = broken.spec.template.spec.containers[0]!;
    container.readinesProbe = container.readinessProbe;
    container.resources = { limts: { cpu: '1' } };
    (container.ports as { containerPort: unknown }[])[0]!.containerPort = 'http';
    const problems = (await validateObject(broken)).join('\n');
    expect(problems).toMatch(/containerPort must be integer/);

    delete (container.ports as { containerPort: unknown }[])[0];
    container.ports = [{ containerPort: 3000 }];
    const unknown = await validateObject(broken);
    expect(unknown).toEqual(expect.arrayContaining([
      expect.stringMatching(/unknown field .*\/containers\/0\/readinesProbe$/),
      expect.stringMatching(/unknown field .*\/resources\/limts$/),
    ]));
  });

  it('an apiVersion with no schema is reported, not skipped', async () => {
    const [problem] = await validateObject(readYaml(at('k8s/base/serviceaccount.yaml')).map((o) => ({ ...o, apiVersion: 'example.com/v9' }))[0]!);
    expect(problem).toMatch(/no schema for apiVersion example.com\/v9/);
  });
});
