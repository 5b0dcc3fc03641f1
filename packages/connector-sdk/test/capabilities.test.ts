import { describe, expect, it } from "vitest";
import { capabilitiesJson, connectorMetadata } from "../src/engine/index.js";
import { sampleConnector } from "../src/sample/index.js";

describe("capabilities", () => {
  it("prints Baton's capabilities JSON: Any with @type first, types sorted by id, PROVISION where grant/revoke exist", () => {
    expect(capabilitiesJson(sampleConnector)).toBe(`{
  "@type": "type.googleapis.com/c1.connector.v2.ConnectorCapabilities",
  "resourceTypeCapabilities": [
    {
      "resourceType": {
        "id": "app",
        "displayName": "Application",
        "traits": [
          "TRAIT_APP"
        ]
      },
      "capabilities": [
        "CAPABILITY_SYNC"
      ]
    },
    {
      "resourceType": {
        "id": "group",
        "displayName": "Group",
        "traits": [
          "TRAIT_GROUP"
        ]
      },
      "capabilities": [
        "CAPABILITY_SYNC",
        "CAPABILITY_PROVISION"
      ]
    },
    {
      "resourceType": {
        "id": "role",
        "displayName": "Role",
        "traits": [
          "TRAIT_ROLE"
        ]
      },
      "capabilities": [
        "CAPABILITY_SYNC",
        "CAPABILITY_PROVISION"
      ]
    },
    {
      "resourceType": {
        "id": "user",
        "displayName": "User",
        "traits": [
          "TRAIT_USER"
        ]
      },
      "capabilities": [
        "CAPABILITY_SYNC"
      ]
    }
  ]
}`);
  });

  it("derives the metadata from the definition", () => {
    const metadata = connectorMetadata(sampleConnector);
    expect(metadata.displayName).toBe("Sample");
    expect(metadata.description).toBe(
      "A small in-memory directory that shows every part of the connector contract",
    );
    expect(metadata.capabilities?.resourceTypeCapabilities.map((c) => c.resourceType?.id)).toEqual([
      "app",
      "group",
      "role",
      "user",
    ]);
  });
});
