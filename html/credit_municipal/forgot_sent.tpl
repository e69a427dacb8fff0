{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Votre demande a bien été prise en compte.</p></div>
<p>Si les informations saisies correspondent à un espace personnel, vous allez recevoir :</p>
<ul>
<li>un <strong>courriel</strong> contenant un lien, valable {{TTL_HOURS}} heures ;</li>
<li>un <strong>code d'activation par SMS</strong> sur votre téléphone portable.</li>
</ul>
<p>Ouvrez le lien du courriel et saisissez le code reçu par SMS pour choisir votre nouveau code d'accès.</p>
<p>Si le courriel ne vous parvient pas d'ici quelques minutes, consultez le dossier des courriels indésirables (spam).</p>
<p><a class="button secondary" href="{{LOGIN_URL}}">Retour</a></p>
