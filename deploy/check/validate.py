"""Validates rendered manifests (multi-document YAML files) in strict mode.

Built-in kinds: kubernetes-validate's strict schemas of each Kubernetes version given (--strict:
unknown fields are errors, as with `kubectl apply --validate=strict`).
Custom resources: the openAPIV3Schema of the CRDs vendored under deploy/check/crds/ (each
file says its source, version and whether it is complete), checked with jsonschema after the
structural-schema rules the API server applies: an object with `properties` rejects unknown
fields unless marked x-kubernetes-preserve-unknown-fields. metadata is checked for a valid
name and string labels/annotations. A kind with no schema at all is an error.

usage: validate.py --crds DIR -k 1.34.0 -k 1.37.0 FILE...
"""
import argparse
import copy
import glob
import os
import re
import sys
from collections import Counter

import jsonschema
import kubernetes_validate
import yaml

MAX_SHOWN = 10
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def to_json_schema(node):
    """openAPIV3Schema (structural) -> JSON Schema with the API server's pruning made strict."""
    if not isinstance(node, dict):
        return node
    out = {k: v for k, v in node.items() if not k.startswith("x-kubernetes-") and k not in ("description", "nullable", "format")}
    if node.get("x-kubernetes-int-or-string") and "type" not in node and "anyOf" not in node:
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.get("nullable") and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if "properties" in out:
        out["properties"] = {k: to_json_schema(v) for k, v in out["properties"].items()}
        if "additionalProperties" not in out and not node.get("x-kubernetes-preserve-unknown-fields"):
            out["additionalProperties"] = False
    if isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = to_json_schema(out["additionalProperties"])
    if "items" in out:
        out["items"] = to_json_schema(out["items"])
    for key in ("anyOf", "oneOf", "allOf"):
        if key in out:
            out[key] = [to_json_schema(s) for s in out[key]]
    if "not" in out:
        out["not"] = to_json_schema(out["not"])
    return out


def load_crds(directory):
    schemas = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.yaml"))):
        with open(path) as f:
            crd = yaml.safe_load(f)
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schema = to_json_schema(copy.deepcopy(version["schema"]["openAPIV3Schema"]))
            schemas[(f"{group}/{version['name']}", kind)] = (schema, os.path.basename(path))
    return schemas


_validators = {}


def builtin_errors(doc, version):
    """kubernetes_validate.validate(doc, version, strict=True), with one validator per schema
    instead of one per call (its referencing registry is rebuilt on every call: 3x slower).
    Same schema lookup as kubernetes-validate 1.37.0 (pinned): raises SchemaNotFoundError."""
    from kubernetes_validate import utils
    from referencing import Registry, Resource

    schema_version = [v for v in utils.all_versions() if utils.major_minor(v) <= utils.major_minor(version)][-1]
    api_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", doc["apiVersion"])
    schema_dir = f"v{schema_version}-local-strict"
    key = (schema_dir, doc["kind"].lower(), api_version)
    if key not in _validators:
        try:
            schema = utils.schema_contents(f"kubernetes-json-schema/{schema_dir}/{key[1]}-{api_version}.json", version)
        except FileNotFoundError:
            raise kubernetes_validate.SchemaNotFoundError(version=utils.major_minor(version), kind=doc["kind"], api_version=doc["apiVersion"])
        definitions = utils.schema_contents(f"kubernetes-json-schema/{schema_dir}/_definitions.json", version)
        registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
        _validators[key] = jsonschema.validators.Draft202012Validator(schema, registry=registry)
    return list(_validators[key].iter_errors(doc))


def check_metadata(doc):
    meta = doc.get("metadata") or {}
    errors = []
    name = meta.get("name", "")
    if not name or len(name) > 253 or not DNS_SUBDOMAIN.match(name):
        errors.append(f"metadata.name {name!r} is not a DNS-1123 subdomain")
    for field in ("labels", "annotations"):
        for key, value in (meta.get(field) or {}).items():
            if not isinstance(value, str):
                errors.append(f"metadata.{field}.{key} must be a string, got {type(value).__name__}")
    return errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--crds", required=True)
    parser.add_argument("-k", dest="versions", action="append", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    crds = load_crds(args.crds)
    failed = False
    for path in args.files:
        with open(path) as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        builtin, custom, errors = Counter(), Counter(), []
        for doc in docs:
            ident = f"{doc.get('kind')}/{(doc.get('metadata') or {}).get('name')}"
            key = (doc.get("apiVersion"), doc.get("kind"))
            if key in crds:
                schema, source = crds[key]
                problems = [f"{'.'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]
                problems += check_metadata(doc)
                errors += [f"{ident} ({source}): {p}" for p in problems]
                custom[doc["kind"]] += 1
                continue
            found = {}
            for version in args.versions:
                try:
                    for error in builtin_errors(doc, version):
                        where = ".".join(map(str, error.absolute_path)) or "(root)"
                        found.setdefault(f"{where}: {error.message}", []).append(version)
                except kubernetes_validate.SchemaNotFoundError:
                    found.setdefault(f"no schema for {key[0]} {key[1]} (neither Kubernetes nor deploy/check/crds)", []).append(version)
            errors += [f"{ident}: {message} [Kubernetes {', '.join(versions)}]" for message, versions in found.items()]
            builtin[doc["kind"]] += 1
        name = os.path.basename(path)
        if errors:
            failed = True
            print(f"  {name}: {len(errors)} error(s):")
            for error in errors[:MAX_SHOWN]:
                print(f"    {error}")
            if len(errors) > MAX_SHOWN:
                print(f"    ... and {len(errors) - MAX_SHOWN} more")
        else:
            print(f"  {name}: {sum(builtin.values())} built-in resources valid for Kubernetes {', '.join(args.versions)} (strict);"
                  f" custom resources valid against vendored CRDs: {', '.join(f'{k} x{n}' for k, n in sorted(custom.items())) or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
