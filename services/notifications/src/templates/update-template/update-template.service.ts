import { Injectable } from '@nestjs/common';
import type { FirmTemplate, FirmTemplateInput } from '../domain/firm-template';
import { FirmTemplateRepository } from '../domain/firm-template.repository';

@Injectable()
export class UpdateTemplateService {
  constructor(private readonly templates: FirmTemplateRepository) {}

  /**
   * Replaces the template; undefined when it is not the firm's. Emails already queued keep the
   * content they were rendered with. Throws InvalidTemplateError when the source does not compile.
   */
  async execute(firmId: string, id: string, input: FirmTemplateInput): Promise<FirmTemplate | undefined> {
    const current = await this.templates.findById(firmId, id);
    if (!current) return undefined;
    const replaced = current.replace(input);
    return (await this.templates.update(replaced)) ? replaced : undefined;
  }
}
