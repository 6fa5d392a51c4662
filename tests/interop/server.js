// A third-party SCIM 2.0 server for scimcheck's interop test (tests/e2e/interop_test.py):
// SCIMMY and scimmy-routers, unmodified, under express, with the glue every SCIMMY deployment
// writes itself: Users and Groups kept in memory, and a bearer token check.
//
//   SCIM_TOKEN=... node tests/interop/server.js [PORT]
//
// Listens on 127.0.0.1:PORT (0 or none: a free port) and prints
// "listening on http://127.0.0.1:<port>/scim/v2". Exits when stdin closes or on SIGTERM/SIGINT.
//
// Everything the protocol does (parsing, PATCH, filters, lists, paging, sorting, attribute
// selection, errors, discovery) is SCIMMY's. Choices made here, each the plain one:
// - express 4, the major version scimmy-routers is developed and tested against (under
//   express 5 its paging parameters are lost: req.query is re-parsed at every read there);
// - the enterprise User extension SCIMMY ships is declared (optional), since Entra sends it;
// - absolute meta.location from the request's host (scimmy-routers' documented baseUri);
// - filtering a list uses SCIMMY's own Filter.match over all stored resources, because SCIMMY
//   leaves the query to the storage; paging and sorting are then done by SCIMMY's ListResponse;
// - the attributes SCIMMY's schemas declare unique (today userName only) are kept unique, with
//   the comparison SCIMMY's filter `eq` makes (409 uniqueness otherwise), since SCIMMY leaves
//   uniqueness to the storage;
// - nothing more: no `groups` on users, no cleanup of memberships on delete.
import crypto from "node:crypto";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const token = process.env.SCIM_TOKEN;
if (!token) {
    console.error("server.js: set SCIM_TOKEN to the bearer token clients must send");
    process.exit(2);
}
const port = Number(process.argv[2] ?? 0);

/** A store of one resource type: id -> the resource as SCIMMY handed it to ingress. */
function storage(name, unique) {
    const items = new Map();
    const notFound = (id) => new SCIMMY.Types.Error(404, null, `Resource ${id} not found`);
    return {
        ingress(resource, instance) {
            const existing = resource.id ? items.get(resource.id) : undefined;
            if (resource.id && !existing) throw notFound(resource.id);
            for (const attr of unique) {
                const others = [...items.values()].filter((item) => item.id !== resource.id);
                if (instance[attr] !== undefined
                    && new SCIMMY.Types.Filter({[attr]: ["eq", instance[attr]]}).match(others).length)
                    throw new SCIMMY.Types.Error(409, "uniqueness", `${name} ${attr} already in use`);
            }
            const now = new Date().toISOString();
            const id = existing?.id ?? crypto.randomUUID();
            const stored = {...JSON.parse(JSON.stringify(instance)), id,
                meta: {created: existing?.meta.created ?? now, lastModified: now}};
            items.set(id, stored);
            return stored;
        },
        egress(resource) {
            if (resource.id) {
                if (!items.has(resource.id)) throw notFound(resource.id);
                return items.get(resource.id);
            }
            const all = [...items.values()];
            return resource.filter ? resource.filter.match(all) : all;
        },
        degress(resource) {
            if (!items.delete(resource.id)) throw notFound(resource.id);
        },
    };
}

/** The top-level attributes SCIMMY's schema declares unique (uniqueness "server" or "global"). */
function declaredUnique(Schema) {
    return JSON.parse(JSON.stringify(Schema.definition.describe())).attributes
        .filter((attr) => ["server", "global"].includes(attr.uniqueness)).map((attr) => attr.name);
}

function declare(Resource, store) {
    SCIMMY.Resources.declare(Resource)
        .ingress((resource, instance) => store.ingress(resource, instance))
        .egress((resource) => store.egress(resource))
        .degress((resource) => store.degress(resource));
}

declare(SCIMMY.Resources.User, storage("User", declaredUnique(SCIMMY.Schemas.User)));
declare(SCIMMY.Resources.Group, storage("Group", declaredUnique(SCIMMY.Schemas.Group)));
SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false);

const app = express();
app.use("/scim/v2", new SCIMMYRouters({
    type: "bearer",
    handler: (request) => {
        const expected = Buffer.from(`Bearer ${token}`);
        const given = Buffer.from(request.header("Authorization") ?? "");
        if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
            throw new Error("Authorization failed");
        return "interop";
    },
    baseUri: (request) => `${request.protocol}://${request.get("host")}`,
}));

const server = app.listen(port, "127.0.0.1", () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}/scim/v2`);
});
let stopping = false;
const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeAllConnections();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdin.on("end", stop).on("close", stop).resume();
