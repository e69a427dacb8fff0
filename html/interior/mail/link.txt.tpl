{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_in_mail_asked:none}}

{{T_in_mail_link_open:none}}

{{LINK}}

{{T_in_mail_link_ttl:none}}

{{T_in_mail_link_not_you:none}}

{{T_mail_no_reply:none}}

{{ORGANISATION}}
