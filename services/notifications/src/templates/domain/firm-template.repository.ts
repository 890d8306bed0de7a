import type { FirmTemplate } from './firm-template';

/** Persistence port. Every call takes the firm: another firm's template is never found. */
export abstract class FirmTemplateRepository {
  abstract insert(template: FirmTemplate): Promise<void>;
  abstract findById(firmId: string, id: string): Promise<FirmTemplate | undefined>;
  abstract list(firmId: string): Promise<FirmTemplate[]>;
  /** False when the template does not exist in this firm. */
  abstract update(template: FirmTemplate): Promise<boolean>;
  /** False when the template does not exist in this firm. */
  abstract delete(firmId: string, id: string): Promise<boolean>;
}
