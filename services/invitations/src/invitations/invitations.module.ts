import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BulkFanOutService } from '../bulk/bulk-fan-out.service';
import { BulkInvitationsHttpController } from '../bulk/bulk-invitations.http.controller';
import { BulkInvitationsService } from '../bulk/bulk-invitations.service';
import { BulkProgressPublisher } from '../bulk/bulk-progress.publisher';
import { BulkMetrics } from '../bulk/bulk-metrics';
import { BulkReleaseScheduler } from '../bulk/bulk-release.scheduler';
import { BULK_CHUNK_MODEL, BULK_JOB_MODEL, BulkChunkSchema, BulkJobSchema } from '../bulk/bulk-job.schema';
import { ReleaseBulkJobMessageController } from '../bulk/release-bulk-job.message.controller';
import { CLIENT_DIRECTORY_MODEL, ClientDirectory, ClientDirectoryModule, ClientDirectorySchema } from '@portico/client-directory';
import { FirmsModule } from '../firms/firms.module';
import { InvitationRepository } from './domain/invitation.repository';
import { InvitationSlotRepository } from './domain/invitation-slot';
import { InviteRecipientService } from './invite-recipient/invite-recipient.service';
import { IssueInvitationMessageController } from './issue-invitation/issue-invitation.message.controller';
import { IssueInvitationService } from './issue-invitation/issue-invitation.service';
import { ListInvitationsHttpController } from './list-invitations/list-invitations.http.controller';
import { ExpireInvitationsService } from './lifecycle/expire-invitations.service';
import { LifecycleScheduler } from './lifecycle/lifecycle.scheduler';
import { RemindInvitationsService } from './lifecycle/remind-invitations.service';
import { SendScheduledInvitationsService } from './lifecycle/send-scheduled-invitations.service';
import { ListInvitationsService } from './list-invitations/list-invitations.service';
import { CoalescingClientDirectory } from './persistence/coalescing-client-directory';
import { InvitationMongoRepository } from './persistence/invitation.mongo-repository';
import { INVITATION_MODEL, InvitationSchema } from './persistence/invitation.schema';
import { InvitationSlotMongoRepository } from './persistence/invitation-slot.mongo-repository';
import { INVITATION_SLOT_MODEL, InvitationSlotSchema } from './persistence/invitation-slot.schema';
import { RecordAcceptanceMessageController } from './record-acceptance/record-acceptance.message.controller';
import { RecordAcceptanceService } from './record-acceptance/record-acceptance.service';
import { RecordDeliveryMessageController } from './record-delivery/record-delivery.message.controller';
import { RecordDeliveryService } from './record-delivery/record-delivery.service';
import { ReissueLinkService } from './reissue-link/reissue-link.service';
import { ResendInvitationHttpController } from './resend-invitation/resend-invitation.http.controller';
import { SelfServeReissueHttpController } from './self-serve-reissue/self-serve-reissue.http.controller';
import { SelfServeReissueService } from './self-serve-reissue/self-serve-reissue.service';
import { RequestInvitationsHttpController } from './request-invitations/request-invitations.http.controller';
import { RequestInvitationsService } from './request-invitations/request-invitations.service';
import { RevokeInvitationHttpController } from './revoke-invitation/revoke-invitation.http.controller';
import { RevokeInvitationService } from './revoke-invitation/revoke-invitation.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: INVITATION_MODEL, schema: InvitationSchema },
      { name: INVITATION_SLOT_MODEL, schema: InvitationSlotSchema },
      { name: BULK_JOB_MODEL, schema: BulkJobSchema },
      { name: BULK_CHUNK_MODEL, schema: BulkChunkSchema },
      // The same model ClientDirectoryModule registers, for the coalescing reader below.
      { name: CLIENT_DIRECTORY_MODEL, schema: ClientDirectorySchema },
    ]),
    ClientDirectoryModule,
    FirmsModule,
  ],
  controllers: [
    RequestInvitationsHttpController,
    ListInvitationsHttpController,
    RevokeInvitationHttpController,
    ResendInvitationHttpController,
    SelfServeReissueHttpController,
    IssueInvitationMessageController,
    RecordDeliveryMessageController,
    RecordAcceptanceMessageController,
    BulkInvitationsHttpController,
    ReleaseBulkJobMessageController,
  ],
  providers: [
    InviteRecipientService,
    RequestInvitationsService,
    IssueInvitationService,
    RecordDeliveryService,
    RecordAcceptanceService,
    ListInvitationsService,
    RevokeInvitationService,
    BulkInvitationsService,
    BulkFanOutService,
    BulkReleaseScheduler,
    BulkProgressPublisher,
    BulkMetrics,
    ReissueLinkService,
    SelfServeReissueService,
    ExpireInvitationsService,
    RemindInvitationsService,
    SendScheduledInvitationsService,
    LifecycleScheduler,
    { provide: InvitationRepository, useClass: InvitationMongoRepository },
    { provide: InvitationSlotRepository, useClass: InvitationSlotMongoRepository },
    { provide: ClientDirectory, useClass: CoalescingClientDirectory },
  ],
})
export class InvitationsModule {}
