{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_ed_mail_activation:none}}

{{LINK}}

{{T_ed_mail_activation_ttl:none}}

{{T_mail_no_reply:none}}

{{ORGANISATION}}
