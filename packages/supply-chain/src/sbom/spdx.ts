import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { spdxExpressionOf } from './licenses';
import type { Component, HashAlgorithm, Project, Sbom } from './model';
import { creationTime, DEFAULT_TOOL, isoSeconds, uuid, type WriteOptions } from './options';
import spdxSchema from './schema/spdx-schema-2.3.json';

/**
 * SPDX 2.3 JSON. The document namespace must be a unique URI: by default it is derived from a
 * SHA-256 of the document's own content, so the same lock gives the same namespace and different
 * content a different one; with `reproducible: false` it takes a random UUID, as other tools do.
 * `creationInfo.created` is required: SOURCE_DATE_EPOCH if given, else the Unix epoch when
 * reproducible, else now.
 */

const SPDX_ALGORITHMS: Record<HashAlgorithm, string> = {
  MD5: 'MD5',
  'SHA-1': 'SHA1',
  'SHA-256': 'SHA256',
  'SHA-384': 'SHA384',
  'SHA-512': 'SHA512',
};

const NOASSERTION = 'NOASSERTION';

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  primaryPackagePurpose: 'APPLICATION' | 'LIBRARY';
  checksums?: { algorithm: string; checksumValue: string }[];
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
}

interface Relationship {
  spdxElementId: string;
  relationshipType: string;
  relatedSpdxElement: string;
}

export function toSpdx(sbom: Sbom, options: WriteOptions = {}): string {
  const tool = options.tool ?? DEFAULT_TOOL;
  const ids = new SpdxIds();
  const rootId = ids.of(sbom.root.bomRef, sbom.root.name, sbom.root.version);
  const packages: SpdxPackage[] = [projectPackage(sbom.root, rootId)];
  for (const component of sbom.components)
    packages.push(componentPackage(component, ids.of(component.bomRef, component.name, component.version)));
  const created = isoSeconds(creationTime(options) ?? new Date(0));
  const toolName = tool.version ? `${tool.name}-${tool.version}` : tool.name;
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: sbom.root.version ? `${sbom.root.name}@${sbom.root.version}` : sbom.root.name,
    documentNamespace: '',
    creationInfo: { created, creators: [`Tool: ${toolName}`] },
    packages,
    relationships: relationshipsOf(sbom, ids, rootId),
  };
  const base = `https://spdx.org/spdxdocs/${sanitize(sbom.root.name)}-`;
  document.documentNamespace =
    options.reproducible === false
      ? `${base}${uuid(options)}`
      : `${base}${createHash('sha256').update(JSON.stringify(document)).digest('hex')}`;
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** SPDX ids by bom-ref: readable (name and version) and unique (a digest of the bom-ref). */
class SpdxIds {
  readonly #ids = new Map<string, string>();

  of(bomRef: string, name: string, version?: string): string {
    let id = this.#ids.get(bomRef);
    if (!id) {
      const digest = createHash('sha256').update(bomRef).digest('hex').slice(0, 12);
      id = `SPDXRef-Package-${sanitize(name)}${version ? `-${sanitize(version)}` : ''}-${digest}`;
      this.#ids.set(bomRef, id);
    }
    return id;
  }

  get(bomRef: string): string | undefined {
    return this.#ids.get(bomRef);
  }
}

function relationshipsOf(sbom: Sbom, ids: SpdxIds, rootId: string): Relationship[] {
  const relationships: Relationship[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId },
  ];
  for (const [from, targets] of sbom.dependencies) {
    const source = ids.get(from);
    for (const to of targets) {
      const target = ids.get(to);
      if (source && target)
        relationships.push({ spdxElementId: source, relationshipType: 'DEPENDS_ON', relatedSpdxElement: target });
    }
  }
  // SPDX has no scope: dev and optional packages say so by a relationship to the project.
  for (const component of sbom.components) {
    if (component.scope === 'required') continue;
    relationships.push({
      spdxElementId: ids.get(component.bomRef) as string,
      relationshipType: component.scope === 'dev' ? 'DEV_DEPENDENCY_OF' : 'OPTIONAL_DEPENDENCY_OF',
      relatedSpdxElement: rootId,
    });
  }
  return relationships;
}

function projectPackage(project: Project, id: string): SpdxPackage {
  return {
    SPDXID: id,
    name: project.name,
    ...(project.version ? { versionInfo: project.version } : {}),
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    primaryPackagePurpose: 'APPLICATION',
    licenseConcluded: NOASSERTION,
    licenseDeclared: spdxExpressionOf(project.licenses) ?? NOASSERTION,
    copyrightText: NOASSERTION,
    ...(project.purl ? { externalRefs: [purlRef(project.purl)] } : {}),
  };
}

function componentPackage(component: Component, id: string): SpdxPackage {
  return {
    SPDXID: id,
    name: component.name,
    ...(component.version ? { versionInfo: component.version } : {}),
    downloadLocation: component.downloadLocation ?? NOASSERTION,
    filesAnalyzed: false,
    primaryPackagePurpose: component.isProject ? 'APPLICATION' : 'LIBRARY',
    ...(component.hashes.length > 0
      ? { checksums: component.hashes.map((h) => ({ algorithm: SPDX_ALGORITHMS[h.alg], checksumValue: h.content })) }
      : {}),
    // We read what the lock declares; concluding a license needs an analysis we do not do.
    licenseConcluded: NOASSERTION,
    licenseDeclared: spdxExpressionOf(component.licenses) ?? NOASSERTION,
    copyrightText: NOASSERTION,
    externalRefs: [purlRef(component.purl)],
  };
}

function purlRef(purl: string) {
  return { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl } as const;
}

/** SPDX ids allow letters, digits, `.` and `-`. */
function sanitize(value: string): string {
  return value.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

let validator: ValidateFunction | undefined;

/** Errors of an SPDX 2.3 JSON document against the official schema (schema/spdx-schema-2.3.json), or null. */
export function validateSpdx(json: string): ErrorObject[] | null {
  if (!validator) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validator = ajv.compile(spdxSchema);
  }
  const valid = validator(JSON.parse(json));
  if (valid) return null;
  return validator.errors ?? [];
}
