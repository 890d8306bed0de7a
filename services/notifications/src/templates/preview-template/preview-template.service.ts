import { Injectable } from '@nestjs/common';
import { EmailTemplate, type RenderedEmail, type TemplateSource } from '../domain/email-template';
import { FirmTemplateRepository } from '../domain/firm-template.repository';
import { sampleInvitationData, type SampleOverrides } from '../domain/template-variables';

@Injectable()
export class PreviewTemplateService {
  constructor(private readonly templates: FirmTemplateRepository) {}

  /** A saved template rendered with sample data; undefined when it is not the firm's. */
  async saved(firmId: string, id: string, sample: SampleOverrides = {}): Promise<RenderedEmail | undefined> {
    const template = await this.templates.findById(firmId, id);
    return template?.compile().render(sampleInvitationData(sample));
  }

  /** A template being edited, before it is saved. Throws InvalidTemplateError when it does not compile. */
  unsaved(source: TemplateSource, sample: SampleOverrides = {}): RenderedEmail {
    return EmailTemplate.compile(source).render(sampleInvitationData(sample));
  }
}
