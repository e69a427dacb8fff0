{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_cm_mail_asked:none}}

{{T_cm_mail_sms:none}}

{{T_cm_mail_click:none}}

{{LINK}}

{{T_cm_mail_ttl:none}}

{{T_cm_mail_not_you:none}}

{{T_mail_no_reply:none}}

{{T_mail_regards:none}}

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
