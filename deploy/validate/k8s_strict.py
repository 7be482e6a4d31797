"""Strict offline check of Kubernetes manifests: unknown fields and wrong scalar types.

Walks every document against the model classes of Debian's python3-kubernetes (their
`attribute_map` and `openapi_types`), recursively. The models know API 1.22: kinds they lack are
reported as SKIP (not a failure) and left to validate.mjs.

usage: /usr/bin/python3 k8s_strict.py <file.yaml>...   (Debian's interpreter: the one first on PATH
may not see Debian's packages). Exit 0 when no document has a problem.
"""

import os
import sys

import kubernetes.client as models
import yaml

SCALARS = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "datetime": (str,),
    "date": (str,),
}


def model_name(api_version, kind):
    """apps/v1 Deployment -> V1Deployment; policy/v1beta1 X -> V1beta1X."""
    version = api_version.rpartition("/")[2]
    return version[:1].upper() + version[1:] + kind


def check(value, type_name, where, problems):
    """Appends to `problems` every mismatch between `value` and the openapi type `type_name`."""
    if type_name.startswith("list[") and type_name.endswith("]"):
        if not isinstance(value, list):
            problems.append(f"{where}: expected a list, got {type(value).__name__}")
            return
        for i, item in enumerate(value):
            check(item, type_name[5:-1], f"{where}[{i}]", problems)
    elif type_name.startswith("dict(") and type_name.endswith(")"):
        if not isinstance(value, dict):
            problems.append(f"{where}: expected a map, got {type(value).__name__}")
            return
        inner = type_name[type_name.index(",") + 1:-1].strip()
        for key, item in value.items():
            check(item, inner, f"{where}.{key}", problems)
    elif type_name in SCALARS:
        wanted = SCALARS[type_name]
        bad_bool = isinstance(value, bool) and bool not in wanted
        if value is not None and (not isinstance(value, wanted) or bad_bool):
            problems.append(f"{where}: expected {type_name}, got {value!r}")
    elif type_name == "object":
        # IntOrString, Quantity, RawExtension: any scalar or map is acceptable here.
        return
    elif hasattr(models, type_name):
        if value is None:
            return
        if not isinstance(value, dict):
            problems.append(f"{where}: expected a {type_name} mapping, got {value!r}")
            return
        cls = getattr(models, type_name)
        by_json_name = {json: attr for attr, json in cls.attribute_map.items()}
        for key, item in value.items():
            attr = by_json_name.get(key)
            if attr is None:
                problems.append(f"{where}.{key}: unknown field of {type_name}")
            else:
                check(item, cls.openapi_types[attr], f"{where}.{key}", problems)
    else:
        problems.append(f"{where}: no model for type {type_name}")


def check_file(path):
    """Prints one line per document and a summary line; returns True when the file is clean."""
    label = os.path.relpath(path)
    try:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
    except (OSError, yaml.YAMLError) as err:
        print(f"FAIL {label}: {str(err).splitlines()[0]}")
        return False
    ok = True
    skipped = 0
    for index, doc in enumerate(docs):
        if not isinstance(doc, dict):
            print(f"  FAIL #{index}: document is not a mapping")
            ok = False
            continue
        kind = doc.get("kind", "?")
        name = (doc.get("metadata") or {}).get("name", f"#{index}")
        api_version = doc.get("apiVersion")
        if not isinstance(api_version, str) or not isinstance(kind, str):
            print(f"  FAIL {kind}/{name}: apiVersion and kind must be strings")
            ok = False
            continue
        type_name = model_name(api_version, kind)
        if not hasattr(models, type_name):
            print(f"  SKIP {kind}/{name}: python3-kubernetes has no {api_version} {kind} (API 1.22)")
            skipped += 1
            continue
        problems = []
        check(doc, type_name, kind, problems)
        if problems:
            ok = False
            print(f"  FAIL {kind}/{name}\n       " + "\n       ".join(problems))
        else:
            print(f"  ok   {kind}/{name}")
    if not docs:
        print(f"FAIL {label}: no documents")
        return False
    note = f", {skipped} skipped" if skipped else ""
    print(f"{'OK  ' if ok else 'FAIL'} {label}: {len(docs)} documents (strict{note})")
    return ok


def main(paths):
    if not paths:
        print("usage: k8s_strict.py <file.yaml>...", file=sys.stderr)
        return 2
    results = [check_file(p) for p in paths]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
