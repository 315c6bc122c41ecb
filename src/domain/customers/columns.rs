//! The customer fields a spreadsheet column can hold: what the importer maps columns to and the
//! exporter writes, so an exported file re-imports column for column. One row is one customer
//! with at most one contact (its primary one); the stable names are the exported headers' keys.

use crate::domain::model::labelled_enum;

labelled_enum!(
    CustomerColumn {
        Id = "id",
        Company = "company",
        Country = "country",
        Province = "province",
        City = "city",
        Address = "address",
        Phone = "phone",
        Email = "email",
        WeChat = "wechat",
        OtherChannels = "other_channels",
        MainProducts = "main_products",
        Industry = "industry",
        ParentCompany = "parent_company",
        Source = "source",
        Communication = "communication",
        CreditIndex = "credit_index",
        Lifecycle = "lifecycle",
        LostKind = "lost_kind",
        LostReason = "lost_reason",
        CustomerType = "customer_type",
        BuyerRole = "buyer_role",
        Concern = "concern",
        Application = "application",
        TeamLead = "team_lead",
        TeamMembers = "team_members",
        CreatedAt = "created_at",
        ModifiedAt = "modified_at",
        ContactName = "contact_name",
        ContactTitle = "contact_title",
        ContactPhone = "contact_phone",
        ContactEmail = "contact_email",
        ContactWeChat = "contact_wechat",
        ContactRole = "contact_role",
    }
);

impl CustomerColumn {
    /// Whether the column fills the row's contact rather than the customer.
    pub fn is_contact(self) -> bool {
        matches!(
            self,
            CustomerColumn::ContactName
                | CustomerColumn::ContactTitle
                | CustomerColumn::ContactPhone
                | CustomerColumn::ContactEmail
                | CustomerColumn::ContactWeChat
                | CustomerColumn::ContactRole
        )
    }
}
