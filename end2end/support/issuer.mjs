// A third-party OpenID Connect issuer for the browser tests of logging in through another
// provider: npm's oauth2-mock-server (ISSUER_PORT, default 3197), which signs anyone in at
// its authorize endpoint at once. Who that is comes from the test, on a control port
// (ISSUER_CONTROL_PORT, default 3196), before it clicks the provider's button:
//   POST /next   ← {"sub", "email", "email_verified", "given_name", "family_name"}: the
//                  claims of the id_tokens issued from now on
//   GET  /health → ok
import http from "node:http";
import { OAuth2Server } from "oauth2-mock-server";

const port = Number(process.env.ISSUER_PORT ?? 3197);
const controlPort = Number(process.env.ISSUER_CONTROL_PORT ?? 3196);

let next = { sub: "nobody" };

const server = new OAuth2Server();
await server.issuer.keys.generate("RS256");
server.service.on("beforeTokenSigning", (token) => {
  Object.assign(token.payload, next);
});
await server.start(port, "127.0.0.1");
// It names itself `localhost`; Latch is told the address it listens on.
server.issuer.url = `http://127.0.0.1:${port}`;

http
  .createServer(async (req, res) => {
    if (req.method === "POST" && req.url === "/next") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      next = JSON.parse(raw);
      res.writeHead(204).end();
      return;
    }
    if (req.url === "/health") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    res.writeHead(404).end();
  })
  .listen(controlPort, "127.0.0.1", () => {
    console.log(`issuer ${server.issuer.url}, control on ${controlPort}`);
  });
