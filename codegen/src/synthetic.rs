//! Synthetic APIs of any size, for the benchmarks (`cargo bench -p codegen`, `cargo xtask bench-build`): one spec
//! document in the docs exporter's style (enum value objects, tags as lists of lists, descriptions beside
//! `$ref`s), shaped like real APIs: each resource (tag) has its own operations and schemas, which refer to each
//! other, and some schemas are shared between resources.

use std::fmt::Write;

/// The size and shape of a synthetic API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synthetic {
    /// Resources (tags).
    pub resources: usize,
    /// Operations of each resource: list, create, retrieve and update in turn.
    pub operations_per_resource: usize,
    /// Object schemas of each resource; each refers to another of its resource's.
    pub schemas_per_resource: usize,
    /// Schemas every resource's schemas may refer to (every tenth refers to one).
    pub shared_schemas: usize,
}

impl Synthetic {
    /// 10 operations in 2 resources.
    pub const SMALL: Synthetic = Synthetic {
        resources: 2,
        operations_per_resource: 5,
        schemas_per_resource: 5,
        shared_schemas: 2,
    };
    /// 100 operations in 5 resources.
    pub const MEDIUM: Synthetic = Synthetic {
        resources: 5,
        operations_per_resource: 20,
        schemas_per_resource: 40,
        shared_schemas: 20,
    };
    /// 1,000 operations in 50 resources, 2,100 schemas.
    pub const LARGE: Synthetic = Synthetic {
        resources: 50,
        operations_per_resource: 20,
        schemas_per_resource: 40,
        shared_schemas: 100,
    };

    /// Operations in the API.
    pub fn operations(&self) -> usize {
        self.resources * self.operations_per_resource
    }

    /// Schemas in the API.
    pub fn schemas(&self) -> usize {
        self.resources * self.schemas_per_resource + self.shared_schemas
    }

    /// The spec, as YAML text.
    pub fn spec(&self) -> String {
        let mut out = String::from(
            "openapi: 3.1.0\ninfo:\n  title: Synthetic\n  version: '1'\nservers:\n  - url: https://api.example.com\npaths:\n",
        );
        for resource in 0..self.resources {
            for op in 0..self.operations_per_resource {
                self.operation(resource, op, &mut out);
            }
        }
        out.push_str("components:\n  schemas:\n");
        for resource in 0..self.resources {
            for index in 0..self.schemas_per_resource {
                let next = (index * 7 + 3) % self.schemas_per_resource;
                let shared = (self.shared_schemas > 0 && index % 10 == 0)
                    .then(|| format!("Shared{}", (resource + index) % self.shared_schemas));
                schema(
                    &format!("R{resource}S{index}"),
                    &format!("R{resource}S{next}"),
                    shared.as_deref(),
                    &mut out,
                );
            }
        }
        for index in 0..self.shared_schemas {
            let next = (index * 7 + 3) % self.shared_schemas;
            schema(
                &format!("Shared{index}"),
                &format!("Shared{next}"),
                None,
                &mut out,
            );
        }
        out
    }

    fn operation(&self, resource: usize, op: usize, out: &mut String) {
        let target = format!("R{resource}S{}", op % self.schemas_per_resource.max(1));
        let (method, path) = match op % 4 {
            0 => ("get", format!("/r{resource}/things{op}")),
            1 => ("post", format!("/r{resource}/things{op}")),
            2 => ("get", format!("/r{resource}/things{op}/{{thing_id}}")),
            _ => ("patch", format!("/r{resource}/things{op}/{{thing_id}}")),
        };
        let _ = write!(
            out,
            "  {path}:\n    {method}:\n      operationId: op{op}\n      summary: Operation {op} of resource {resource}\n      description: >\n        Does thing {op}. See [the guide](/docs/guide).\n      tags:\n        - - subpackage_r{resource}\n      parameters:\n"
        );
        if path.contains("{thing_id}") {
            out.push_str("        - name: thing_id\n          in: path\n          required: true\n          schema:\n            type: string\n");
        }
        out.push_str("        - name: page\n          in: query\n          schema:\n            type: integer\n            default: 1\n        - name: status\n          in: query\n          schema:\n            type: array\n            items:\n              type: string\n              enum:\n                - value: ready\n                - value: failed\n        - name: x-api-key\n          in: header\n          required: true\n          schema:\n            type: string\n");
        if method != "get" {
            let _ = write!(
                out,
                "      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [name]\n              properties:\n                name:\n                  type: string\n                detail:\n                  $ref: '#/components/schemas/{target}'\n                  description: The detail.\n"
            );
        }
        let _ = write!(
            out,
            "      responses:\n        '200':\n          description: OK.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/{target}'\n        '400':\n          description: Bad.\n          content: {{}}\n"
        );
    }
}

/// An object schema named `name` whose `link` refers to `next`, and `shared` to a shared schema.
fn schema(name: &str, next: &str, shared: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "    {name}:\n      type: object\n      description: Schema {name}.\n      properties:\n        _id:\n          type: string\n        name:\n          type: string\n          description: The name.\n        count:\n          type: integer\n          format: int32\n        ratio:\n          type: [number, 'null']\n        created_at:\n          type: string\n          format: date-time\n        status:\n          type: string\n          enum:\n            - value: active\n            - value: archived\n        tags:\n          type: array\n          items:\n            type: string\n        link:\n          $ref: '#/components/schemas/{next}'\n          description: A related thing.\n        extra:\n          type: object\n          additionalProperties: true\n"
    );
    if let Some(shared) = shared {
        let _ = write!(
            out,
            "        shared:\n          $ref: '#/components/schemas/{shared}'\n          description: Something every resource has.\n"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Settings, SpecInput, generate};

    #[test]
    fn the_synthetic_api_has_the_size_it_says_and_one_feature_per_resource() {
        let api = Synthetic::MEDIUM;
        let generated = generate(
            &[SpecInput::new("synthetic.yaml", api.spec())],
            &Config::new("synthetic"),
            &Settings::new("test"),
        )
        .expect("generates");
        assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
        let operations: usize = generated
            .ir
            .root
            .children
            .iter()
            .map(|r| r.operations.len())
            .sum();
        assert_eq!(operations, api.operations());
        assert_eq!(generated.ir.features.len(), api.resources);
        // Per-resource schemas, shared ones, and the status enum and request bodies each adds.
        assert!(generated.ir.models.len() >= api.schemas());
    }
}
