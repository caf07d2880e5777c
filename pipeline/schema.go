package pipeline

import _ "embed"

// Schema is the JSON Schema (draft 2020-12) of the Notice record.
//
//go:embed notice.schema.json
var Schema []byte
