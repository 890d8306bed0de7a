import { workspaceRoot } from '@portico/testing';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The architecture's import rules are enforced by ESLint (eslint.config.mjs), not by hope:
// each case lints a line of code as if it sat in the named file.
function lint(filePath: string, code: string): string {
  const root = workspaceRoot();
  const result = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', filePath], {
    cwd: root,
    input: `${code}\nexport const probe = 1;\n`,
    encoding: 'utf8',
  });
  return result.stdout + result.stderr;
}

describe('module boundaries', () => {
  it('stop a service from importing another service', () => {
    expect(lint('services/clients/src/probe.ts', "import '../../invitations/src/app.module';")).toMatch(/enforce-module-boundaries/);
  });

  it('stop contracts from importing any other library of ours', () => {
    expect(lint('libs/contracts/src/probe.ts', "import '@portico/config';")).toMatch(/type:contracts.*cannot depend/);
  });

  it('stop production code from importing the test harness', () => {
    expect(lint('services/clients/src/probe.ts', "import '@portico/testing';")).toMatch(
      /type:service.*can only depend on libs tagged with "type:lib", "type:contracts"/,
    );
  });

  it('stop an operator tool from importing the test harness', () => {
    expect(lint('tools/dlq/src/probe.ts', "import '@portico/testing';")).toMatch(/type:ops.*can only depend on libs tagged with "type:lib", "type:contracts"/);
  });

  it('keep domain code plain: no Nest, no database, no messaging, no persistence adapter, no DTO', () => {
    const domain = 'services/clients/src/clients/domain/probe.ts';
    for (const line of ["import '@nestjs/common';", "import 'mongoose';", "import '@portico/mongo';", "import '@portico/outbox';", "import 'kafkajs';"]) {
      expect(lint(domain, line)).toMatch(/no Nest, no persistence, no messaging.*no-restricted-imports/);
    }
    for (const line of [
      "import '../persistence/client.mongo-repository';",
      "import '../create-client/create-client.request.dto';",
      "import '../client.response.dto';",
      "import './client.schema';",
    ]) {
      expect(lint(domain, line)).toMatch(/knows neither the persistence adapters nor the DTOs.*no-restricted-imports/);
    }
    expect(lint(domain, "import '@portico/contracts';\nimport './client';")).not.toMatch(/error/);
  });

  it('keep libraries in layers: a library imports only from the layers below its own', () => {
    expect(lint('libs/config/src/probe.ts', "import '@portico/mongo';")).toMatch(/"layer:1-foundation" cannot depend on any libs/);
    expect(lint('libs/auth/src/probe.ts', "import '@portico/outbox';")).toMatch(/"layer:2-core" can only depend on libs tagged with "layer:1-foundation"/);
    expect(lint('libs/client-directory/src/probe.ts', "import '@portico/outbox';")).toMatch(
      /"layer:3-delivery" can only depend on libs tagged with "layer:1-foundation", "layer:2-core"/,
    );
    expect(lint('libs/outbox/src/probe.ts', "import '@portico/messaging';\nimport '@portico/mongo';")).not.toMatch(/error/);
  });

  it('let a service import libraries, and its tests import the harness', () => {
    expect(lint('services/clients/src/probe.ts', "import '@portico/contracts';")).not.toMatch(/error/);
    expect(lint('services/clients/test/probe.int-spec.ts', "import '@portico/testing';")).not.toMatch(/error/);
  });
});
