import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AcceptInvitationHttpController } from './accept-invitation/accept-invitation.http.controller';
import { AcceptInvitationService } from './accept-invitation/accept-invitation.service';
import { InvitationGrantRepository } from './domain/invitation-grant.repository';
import { InvitationGrantMongoRepository } from './persistence/invitation-grant.mongo-repository';
import { INVITATION_GRANT_MODEL, InvitationGrantSchema } from './persistence/invitation-grant.schema';
import { InvitationGrantsMessageController } from './project-grants/invitation-grants.message.controller';
import { ViewInvitationHttpController } from './view-invitation/view-invitation.http.controller';
import { ViewInvitationService } from './view-invitation/view-invitation.service';

/** Invitation links: the grant projection fed by the invitations service, opening and accepting a link. */
@Module({
  imports: [AccountsModule, SessionsModule, MongooseModule.forFeature([{ name: INVITATION_GRANT_MODEL, schema: InvitationGrantSchema }])],
  controllers: [ViewInvitationHttpController, AcceptInvitationHttpController, InvitationGrantsMessageController],
  providers: [ViewInvitationService, AcceptInvitationService, { provide: InvitationGrantRepository, useClass: InvitationGrantMongoRepository }],
})
export class InvitationGrantsModule {}
