{{T_mail_hello}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_cm_mail_asked}}

{{T_cm_mail_no_phone}}

{{T_cm_mail_no_phone_contact}}{{#HAS_ASSISTANCE}}{{T_colon}} {{ASSISTANCE_CONTACT}}{{/HAS_ASSISTANCE}}.

{{T_cm_mail_not_you}}

{{T_mail_no_reply}}

{{T_mail_regards}}

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
