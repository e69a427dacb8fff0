{{T_mail_hello}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_cm_mail_asked}}

{{T_cm_mail_sms}}

{{T_cm_mail_click}}

{{LINK}}

{{T_cm_mail_ttl}}

{{T_cm_mail_not_you}}

{{T_mail_no_reply}}

{{T_mail_regards}}

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
