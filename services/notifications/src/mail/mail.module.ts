import { Module } from '@nestjs/common';
import { SmtpMailer } from './smtp-mailer';

@Module({
  providers: [SmtpMailer],
  exports: [SmtpMailer],
})
export class MailModule {}
