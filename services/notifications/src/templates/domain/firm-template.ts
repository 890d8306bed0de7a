import { v7 as uuidv7 } from 'uuid';
import { EmailTemplate, type TemplateSource } from './email-template';

export interface FirmTemplateProps {
  id: string;
  firmId: string;
  name: string;
  source: TemplateSource;
  createdAt: Date;
  updatedAt: Date;
}

export interface FirmTemplateInput {
  name: string;
  source: TemplateSource;
}

/** A firm's own invitation email. Only a template that compiles can exist. */
export class FirmTemplate {
  private constructor(readonly props: Readonly<FirmTemplateProps>) {}

  /** Throws InvalidTemplateError when the source does not compile or uses unknown variables. */
  static create(firmId: string, input: FirmTemplateInput, now = new Date()): FirmTemplate {
    EmailTemplate.compile(input.source);
    return new FirmTemplate({ id: uuidv7(), firmId, name: input.name.trim(), source: { ...input.source }, createdAt: now, updatedAt: now });
  }

  static restore(props: FirmTemplateProps): FirmTemplate {
    return new FirmTemplate(props);
  }

  /** The whole template replaced (PUT); same checks as on creation. */
  replace(input: FirmTemplateInput, now = new Date()): FirmTemplate {
    EmailTemplate.compile(input.source);
    return new FirmTemplate({ ...this.props, name: input.name.trim(), source: { ...input.source }, updatedAt: now });
  }

  compile(): EmailTemplate {
    return EmailTemplate.compile(this.props.source);
  }

  get id(): string {
    return this.props.id;
  }
}
