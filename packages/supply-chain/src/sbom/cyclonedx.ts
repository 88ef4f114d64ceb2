// Subpath imports: the package index also loads its resources module, which finds schema files
// through __dirname and so cannot run from a bundle; the writer needs none of it.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { isSpdxId, spdxExpressionOf } from './licenses';
import type { Component, Project, Sbom, Scope } from './model';
import { creationTime, DEFAULT_TOOL, uuid, type WriteOptions } from './options';

/** CycloneDX 1.6 JSON through @cyclonedx/cyclonedx-library: its models, normalizer and serializer. */

const SCOPES: Record<Scope, Enums.ComponentScope> = {
  required: Enums.ComponentScope.Required,
  optional: Enums.ComponentScope.Optional,
  // CycloneDX has no dev scope; `excluded` is its word for "not reachable at run time".
  dev: Enums.ComponentScope.Excluded,
};

export function toCycloneDx(sbom: Sbom, options: WriteOptions = {}): string {
  const tool = options.tool ?? DEFAULT_TOOL;
  const rootComponent = projectComponent(sbom.root);
  const bom = new Models.Bom({
    metadata: new Models.Metadata({
      component: rootComponent,
      timestamp: creationTime(options),
      tools: new Models.Tools({
        components: new Models.ComponentRepository([
          new Models.Component(Enums.ComponentType.Application, tool.name, { version: tool.version }),
        ]),
      }),
    }),
  });
  if (options.reproducible === false) bom.serialNumber = `urn:uuid:${uuid(options)}`;

  const byRef = new Map<string, Models.Component>([[sbom.root.bomRef, rootComponent]]);
  for (const component of sbom.components) {
    const model = toModel(component);
    byRef.set(component.bomRef, model);
    bom.components.add(model);
  }
  for (const [from, targets] of sbom.dependencies) {
    const source = byRef.get(from);
    for (const to of targets) {
      const target = byRef.get(to);
      if (source && target) source.dependencies.add(target.bomRef);
    }
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

function projectComponent(project: Project): Models.Component {
  const component = new Models.Component(Enums.ComponentType.Application, project.name, {
    bomRef: project.bomRef,
    version: project.version,
    purl: project.purl,
  });
  addLicenses(component.licenses, project.licenses);
  return component;
}

function toModel(component: Component): Models.Component {
  const [group, name] = splitGroup(component);
  const model = new Models.Component(
    component.isProject ? Enums.ComponentType.Application : Enums.ComponentType.Library,
    name,
    {
      bomRef: component.bomRef,
      group,
      version: component.version || undefined,
      purl: component.purl,
      scope: SCOPES[component.scope],
    },
  );
  for (const hash of component.hashes) model.hashes.set(hash.alg as Enums.HashAlgorithm, hash.content);
  addLicenses(model.licenses, component.licenses);
  for (const p of component.properties) model.properties.add(new Models.Property(p.name, p.value));
  if (component.downloadLocation && /^[a-z][a-z0-9+.-]*:/i.test(component.downloadLocation)) {
    const type = component.downloadLocation.startsWith('git')
      ? Enums.ExternalReferenceType.VCS
      : Enums.ExternalReferenceType.Distribution;
    model.externalReferences.add(new Models.ExternalReference(component.downloadLocation, type));
  }
  return model;
}

/** npm scopes and composer vendors are CycloneDX groups, as the CycloneDX npm and composer tools write them. */
function splitGroup(component: Component): [string | undefined, string] {
  const { name, ecosystem } = component;
  const slash = name.indexOf('/');
  if ((ecosystem === 'npm' && name.startsWith('@') && slash > 0) || (ecosystem === 'composer' && slash > 0))
    return [name.slice(0, slash), name.slice(slash + 1)];
  return [undefined, name];
}

/**
 * CycloneDX allows either one expression or a list of single licenses. Several SPDX licenses or
 * expressions (alternatives) become one expression; anything else is listed as ids or names.
 */
function addLicenses(repository: Models.LicenseRepository, licenses: readonly string[]): void {
  if (licenses.length === 0) return;
  const expression = spdxExpressionOf(licenses);
  if (expression && (licenses.length > 1 || !isSpdxId(expression))) {
    repository.add(new Models.LicenseExpression(expression));
    return;
  }
  for (const license of licenses) {
    repository.add(isSpdxId(license) ? new Models.SpdxLicense(license) : new Models.NamedLicense(license));
  }
}
