import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ClientDirectoryModule } from '@portico/client-directory';
import { ClientBalanceHttpController } from './client-balance/client-balance.http.controller';
import { ClientBalanceService } from './client-balance/client-balance.service';
import { ClientSettingsHttpController } from './client-settings/client-settings.http.controller';
import { ClientSettingsService } from './client-settings/client-settings.service';
import { CreateInvoiceHttpController } from './create-invoice/create-invoice.http.controller';
import { CreateInvoiceService } from './create-invoice/create-invoice.service';
import { ClientBillingRepository, FirmBillingRepository, InvoiceRepository } from './domain/billing.repositories';
import { FirmSettingsHttpController } from './firm-settings/firm-settings.http.controller';
import { FirmSettingsService } from './firm-settings/firm-settings.service';
import { GetInvoiceHttpController } from './get-invoice/get-invoice.http.controller';
import { GetInvoiceService } from './get-invoice/get-invoice.service';
import { IssueInvoiceHttpController } from './issue-invoice/issue-invoice.http.controller';
import { IssueInvoiceService } from './issue-invoice/issue-invoice.service';
import { KnownClients } from './known-clients';
import { ListClientInvoicesHttpController } from './list-client-invoices/list-client-invoices.http.controller';
import { ListClientInvoicesService } from './list-client-invoices/list-client-invoices.service';
import { ClientBillingMongoRepository } from './persistence/client-billing.mongo-repository';
import { FirmBillingMongoRepository } from './persistence/firm-billing.mongo-repository';
import { InvoiceMongoRepository } from './persistence/invoice.mongo-repository';
import { CLIENT_BILLING_MODEL, ClientBillingSchema, FIRM_BILLING_MODEL, FirmBillingSchema, INVOICE_MODEL, InvoiceSchema } from './persistence/billing.schemas';
import { PortalHttpController } from './portal/portal.http.controller';
import { PortalService } from './portal/portal.service';
import { RecordPaymentHttpController } from './record-payment/record-payment.http.controller';
import { RecordPaymentService } from './record-payment/record-payment.service';
import { VoidInvoiceHttpController } from './void-invoice/void-invoice.http.controller';
import { VoidInvoiceService } from './void-invoice/void-invoice.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: FIRM_BILLING_MODEL, schema: FirmBillingSchema },
      { name: CLIENT_BILLING_MODEL, schema: ClientBillingSchema },
      { name: INVOICE_MODEL, schema: InvoiceSchema },
    ]),
    ClientDirectoryModule,
  ],
  controllers: [
    FirmSettingsHttpController,
    ClientSettingsHttpController,
    CreateInvoiceHttpController,
    ListClientInvoicesHttpController,
    ClientBalanceHttpController,
    GetInvoiceHttpController,
    IssueInvoiceHttpController,
    VoidInvoiceHttpController,
    RecordPaymentHttpController,
    PortalHttpController,
  ],
  providers: [
    KnownClients,
    FirmSettingsService,
    ClientSettingsService,
    CreateInvoiceService,
    ListClientInvoicesService,
    ClientBalanceService,
    GetInvoiceService,
    IssueInvoiceService,
    VoidInvoiceService,
    RecordPaymentService,
    PortalService,
    { provide: FirmBillingRepository, useClass: FirmBillingMongoRepository },
    { provide: ClientBillingRepository, useClass: ClientBillingMongoRepository },
    { provide: InvoiceRepository, useClass: InvoiceMongoRepository },
  ],
})
export class BillingModule {}
